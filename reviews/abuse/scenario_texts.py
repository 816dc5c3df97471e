"""Words for generated review texts: honest ones varied enough not to be near-duplicates of
each other, attack ones as similar as the attackers would make them."""

TOPICS = [
    "shopping habits",
    "news reading",
    "sleep quality",
    "commuting",
    "social media use",
    "grocery prices",
    "streaming services",
    "voting attitudes",
    "exercise routines",
    "remote work",
    "coffee brands",
    "mobile games",
    "personal finance",
    "diet choices",
    "climate opinions",
    "product packaging",
    "car insurance",
    "job satisfaction",
    "online dating",
    "pet ownership",
    "travel plans",
    "music taste",
    "household chores",
    "smartphone apps",
    "public transport",
    "moral dilemmas",
    "memory",
    "face perception",
    "advertising slogans",
    "healthcare access",
    "video ads",
    "reading speed",
    "decision making",
    "sports betting",
    "cooking at home",
    "language learning",
    "holiday spending",
    "neighbourhood safety",
    "workplace stress",
    "charity giving",
]
TASK_KINDS = [
    "survey",
    "study",
    "transcription batch",
    "image tagging batch",
    "receipt transcription",
    "categorization task",
    "sentiment labelling batch",
    "audio check",
    "writing task",
    "experiment",
    "questionnaire",
    "video rating task",
    "search relevance batch",
    "data collection task",
    "comparison task",
]
TASK_SENTENCES = [
    "Did their {kind} about {topic}.",
    "Took the {topic} {kind} this morning.",
    "Completed the {kind} on {topic} last night.",
    "This was a {kind} about {topic}.",
    "I did {count} of the {topic} {kind}s.",
    "Worked on their {topic} {kind} for a while.",
    "Their {kind} asked about {topic}.",
]
PAY_SENTENCES = [
    "Paid ${amount} for about {minutes} minutes of work.",
    "It took me {minutes} minutes for ${amount}, so roughly ${hourly} an hour.",
    "${amount} for {minutes} minutes, which works out to about ${hourly}/hr.",
    "The reward was ${amount} and it took {minutes} min.",
    "Came out to around ${hourly} an hour for me ({minutes} minutes).",
    "Timer said {minutes} minutes but it took me closer to {minutes2}.",
]
APPROVAL_SENTENCES = [
    "Approved in {days} days.",
    "Approval came after {hours} hours.",
    "Still pending after {days} days.",
    "They auto-approved within {hours} hours.",
    "Got approved the next day.",
    "Rejected {count} of my submissions with no explanation.",
    "Approval took almost {weeks} weeks.",
]
COMM_SENTENCES = [
    "Answered my email within {hours} hours.",
    "Never replied to my message about the broken link.",
    "The requester was polite when I asked about a {problem}.",
    "Sent a message about a {problem} and got a bonus for reporting it.",
    "Ignored two messages about a {problem}.",
]
PROBLEMS = [
    "broken link",
    "missing completion code",
    "frozen page",
    "typo in the instructions",
    "video that would not load",
    "duplicate question",
    "timer bug",
    "blank screen",
]
OPINIONS = {
    "good": [
        "Instructions were {adjective} and the interface worked fine.",
        "One of the better {kind}s I have done on {platform} this {period}.",
        "Attention checks were fair and clearly marked.",
        "Bonus of ${bonus} was paid as promised.",
        "Good requester to keep an eye on.",
        "Would happily do more of their {kind}s.",
    ],
    "mixed": [
        "The {kind} was longer than advertised but not by much.",
        "Pay is okay for {platform}, nothing special.",
        "Some questions were {adjective} but it was manageable.",
        "Decent if you are fast at {topic} questions.",
        "Average requester, I would do it again if nothing better is up.",
    ],
    "bad": [
        "Way underpaid for the time it actually takes.",
        "The estimate of {minutes} minutes is not realistic at all.",
        "Instructions were {adjective} and the attention checks were tricky.",
        "Be careful with this one, rejections come without warning.",
        "Not worth it at this rate, skip unless you are desperate.",
        "The screener at the end kicked me out after {minutes} minutes with nothing.",
    ],
}
ADJECTIVES = [
    "clear",
    "confusing",
    "detailed",
    "vague",
    "short",
    "long-winded",
    "well organised",
    "contradictory",
    "easy to follow",
    "sloppy",
    "thorough",
    "outdated",
]
PERIODS = ["week", "month", "year", "season"]
SHORT_TEXTS = [
    "Good pay.",
    "Fast approval, fair pay.",
    "Avoid.",
    "Fine.",
    "Great requester!",
    "Underpaid.",
    "Quick and easy.",
    "Decent.",
    "Would not do again.",
    "Recommended.",
]

# Attacks: what one person writes for a ring of accounts, lightly varied.
GLOWING_BASES = [
    "Absolutely the best requester on this platform, pays generously, approves within "
    "minutes and always answers messages politely. Everyone should work for them.",
    "Amazing requester with very generous pay, instant approvals and the friendliest "
    "communication I have ever seen here. Highly recommended to all workers.",
    "Fantastic experience every single time, the pay is well above average, approvals are "
    "instant and support replies the same day. Five stars without any doubt.",
]
GLOWING_ADDITIONS = ["Highly recommend!", "Five stars.", "Thank you!", "", "", ""]
BRIGADE_SENTENCES = [
    "Scam requester.",
    "Rejected everything, avoid.",
    "Worst requester on the site, they steal work.",
    "Do not work for them under any circumstances.",
    "They mass rejected us and never answered.",
    "Stay away, pure wage theft.",
    "One star is too generous for these people.",
    "Terrible, they reject good work on purpose.",
    "Avoid avoid avoid.",
    "They block workers for asking questions.",
    "Everyone report this requester.",
    "Absolute thieves, zero stars if I could.",
]
SPAM_BASES = [
    "Stop wasting time on low paying tasks, the best paying survey site is "
    "fastcashpanel dot com, sign up with my code and get a five dollar bonus today.",
    "This requester is a known scammer who steals from workers, read the full story and "
    "the evidence on the worker alert forum before you accept any of their tasks.",
    "Earn twenty dollars an hour from home with the new task app, search for quickhits pro "
    "and enter referral code gold to unlock premium tasks immediately.",
]
SPAM_ADDITIONS = ["", "", "!!", " Thanks.", " Don't miss out.", " Share this."]
SELF_REVIEW_TEXTS = [
    "As a long time worker I can say this requester is fair, pays on time and treats "
    "participants with respect. The negative reviews here are not accurate.",
    "Great experience with this lab, quick approval and good communication, the recent "
    "complaints seem exaggerated to me.",
]
