"""The demo data set's fixed settings and word lists: names, places, task templates and
review phrases."""

from reviews.models import Review, WorkerProfile

DEMO_PASSWORD = "lantern-demo-password"  # noqa: S105  printed on purpose: demo accounts only
DEMO_KEY_PREFIX = "seed-demo:"
HISTORY_DAYS = 730
BATCH_SIZE = 500

# (e-mail, username, pseudonym, role): the accounts a person logs in with.
LOGIN_ACCOUNTS = [
    ("worker@example.org", "demo-worker", "NightShiftNora", WorkerProfile.Role.WORKER),
    ("worker2@example.org", "demo-worker2", "hitcatcher_sam", WorkerProfile.Role.WORKER),
    ("moderator@example.org", "demo-moderator", "mod_juniper", WorkerProfile.Role.MODERATOR),
]

# Share of requesters per platform, roughly as workers' attention is spread.
PLATFORM_WEIGHTS = {"mturk": 45, "prolific": 30, "connect": 12, "toloka": 7, "clickworker": 6}

SURNAMES = [
    "Abernathy",
    "Alvarez",
    "Baptiste",
    "Becker",
    "Brennan",
    "Castillo",
    "Chen",
    "Dlamini",
    "Eriksen",
    "Fischer",
    "Garza",
    "Haddad",
    "Hoffmann",
    "Ibarra",
    "Iwasaki",
    "Jensen",
    "Kapoor",
    "Kowalski",
    "Lindqvist",
    "Mahmoud",
    "Marchetti",
    "Mendoza",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Petrov",
    "Quintero",
    "Rahman",
    "Reyes",
    "Rossi",
    "Sato",
    "Schneider",
    "Silva",
    "Sokolov",
    "Tanaka",
    "Thompson",
    "Umarov",
    "Varga",
    "Vasquez",
    "Wang",
    "Weber",
    "Whitfield",
    "Yilmaz",
    "Zhang",
    "Zielinski",
]
FIRST_NAMES = [
    "Amara",
    "Ben",
    "Carla",
    "Dmitri",
    "Elena",
    "Farah",
    "Gabriel",
    "Hana",
    "Ines",
    "Jonas",
    "Kavya",
    "Leo",
    "Maya",
    "Nikolai",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomas",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
PLACES = [
    "Northfield",
    "Lakeshore",
    "Riverside",
    "Westbrook",
    "Eastmoor",
    "Harborview",
    "Pinecrest",
    "Highland",
    "Brookdale",
    "Fairhaven",
    "Stonebridge",
    "Maplewood",
    "Summit",
    "Clearwater",
    "Redwood",
    "Ashford",
]
FIELDS = [
    "Psychology",
    "Behavioral Economics",
    "Cognitive Science",
    "Marketing",
    "Linguistics",
    "Sociology",
    "Political Science",
    "Public Health",
    "Human-Computer Interaction",
    "Decision Sciences",
]
COMPANY_WORDS = [
    "Data",
    "Insight",
    "Label",
    "Signal",
    "Vector",
    "Pixel",
    "Metric",
    "Panel",
    "Opinion",
    "Survey",
    "Quest",
    "Clarity",
    "Beacon",
    "Atlas",
    "Nimbus",
    "Cobalt",
    "Juniper",
    "Falcon",
    "Orbit",
    "Prism",
]
COMPANY_SUFFIXES = ["Labs", "Research", "Analytics", "AI", "Data Services", "Insights", "Inc."]

SURVEY_TOPICS = [
    "daily habits",
    "shopping decisions",
    "news consumption",
    "sleep and wellbeing",
    "moral dilemmas",
    "social media use",
    "financial choices",
    "workplace experiences",
    "food preferences",
    "political attitudes",
    "memory and attention",
    "product packaging",
    "remote work",
    "travel plans",
    "personality",
]
LABEL_OBJECTS = [
    "street signs",
    "receipts",
    "product photos",
    "bird species",
    "handwritten digits",
    "medical forms",
    "storefronts",
    "vehicles in traffic",
    "clothing items",
]
TASK_TEMPLATES = [
    "Survey about {topic} (~{minutes} minutes)",
    "Short academic study on {topic}",
    "Answer questions about {topic}",
    "{minutes}-minute research survey: {topic}",
    "Decision-making study ({minutes} min)",
    "Categorize {objects}",
    "Draw boxes around {objects}",
    "Transcribe text from {objects}",
    "Rate the relevance of search results",
    "Judge the quality of AI chatbot answers",
    "Record a short audio clip reading sentences",
    "Find the website and e-mail of a business",
    "Sentiment of short product reviews",
]

REASONS_GOOD = [
    "Pays fairly and approves quickly.",
    "Clear instructions and a working completion code.",
    "Good pay for the time; would do more of these.",
    "Consistently fair, never had a problem.",
]
REASONS_BAD = [
    "Pay is far below what the time takes.",
    "Rejected work that followed the instructions.",
    "Timer was much too short for the actual work.",
    "Never answered my message about a rejection.",
]
TOS_CONTEXTS = [
    "Asked for my e-mail address to send the payment code.",
    "Required installing an app on my phone.",
    "Asked for my full name and home town.",
    "Asked me to sign up on an outside website.",
]
BROKEN_CONTEXTS = [
    "The survey link returned an error page.",
    "The completion code at the end was not accepted.",
    "Images did not load, so the task could not be done.",
    "The survey kicked me out halfway with no code.",
]
TEXT_OPENERS = {
    "good": [
        "Straightforward task with clear instructions.",
        "Well designed study, the time estimate was accurate.",
        "Quick and easy, no surprises.",
        "Interesting questions and a fair attention check.",
    ],
    "ok": [
        "Took a bit longer than advertised.",
        "Instructions were a little vague but workable.",
        "Average task, nothing special.",
        "Some repetitive sections, otherwise fine.",
    ],
    "bad": [
        "Much longer than the estimate said.",
        "Tedious and badly underpaid.",
        "Confusing instructions and several tricky attention checks.",
        "The timer was far too short for the work asked.",
    ],
}
TEXT_OUTCOMES = {
    Review.Outcome.APPROVED: [
        "Approved within {approval}.",
        "Paid in {approval}.",
        "Approval came after {approval}.",
    ],
    Review.Outcome.REJECTED: [
        "Rejected without explanation.",
        "Got a rejection even though I passed every check.",
        "Rejected; the message I sent went unanswered.",
    ],
    Review.Outcome.PARTIALLY_REJECTED: [
        "Some of my submissions were rejected.",
        "About a third of my HITs got rejected.",
    ],
    Review.Outcome.PENDING: ["Still pending.", "No decision yet."],
    Review.Outcome.OVERTURNED: [
        "Rejected at first, but they reversed it after I wrote to them.",
        "The rejection was overturned within a day of my message.",
    ],
}
