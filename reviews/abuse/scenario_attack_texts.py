"""What attackers write, for ``scenario_attacks``: one author's message pasted by many accounts,
lightly varied, or paraphrased; an angry crowd's slogans; promotional spam.

Paraphrase messages are lists of sentences, each a list of interchangeable wordings: a
puppet's text takes one wording per sentence, in a shuffled order, sometimes dropping one.
"""

RING_MESSAGES = [
    "This requester is honestly the best one I have worked for in years, the pay is generous, "
    "approvals come within the hour and they reply to every message in a friendly way.",
    "Wonderful lab to work for, studies are interesting, the pay is well above what anyone "
    "else offers and approval is basically instant. I recommend them to every worker here.",
    "Best experience I have had on this site by far: fair generous pay, lightning fast "
    "approval, polite and helpful support. Do not believe the negative reviews about them.",
]
RING_TAILS = ["", "", "", " Highly recommended!", " 5 stars.", " Thanks!", " Love them."]

PARAPHRASES = [
    [
        [
            "This requester pays really well.",
            "The pay here is excellent.",
            "They pay very generously.",
            "Pay is way above average with them.",
        ],
        [
            "Approvals are super quick.",
            "They approve almost instantly.",
            "My work got approved within the hour.",
            "Approval is very fast.",
        ],
        [
            "Support answers every message politely.",
            "They always reply to emails in a friendly way.",
            "Communication is great, they respond quickly.",
        ],
        [
            "The bad reviews are from people who did not read the instructions.",
            "Ignore the negative reviews, they are not fair.",
            "Don't trust the complaints here, they are exaggerated.",
        ],
        [
            "Best requester on the platform.",
            "One of the best requesters around.",
            "Easily the top requester I have worked for.",
        ],
    ],
    [
        [
            "Their studies are always interesting and well made.",
            "The studies they post are engaging and well designed.",
            "Every study of theirs has been interesting.",
        ],
        [
            "Pay is well above the going rate.",
            "They pay much more than other labs.",
            "The rate is better than anywhere else.",
        ],
        [
            "Approval comes the same day.",
            "I was approved within hours.",
            "They never keep you waiting for approval.",
        ],
        [
            "I recommend them to every worker.",
            "Everyone should work for this lab.",
            "Highly recommended to all workers here.",
        ],
    ],
]

BRIGADE_SLOGANS = [
    "Scammers, they steal our work.",
    "Do not work for this requester, they reject on purpose.",
    "Worst requester ever.",
    "They ruined my approval rating, stay away.",
    "Thieves. Report them.",
    "Zero stars if I could.",
    "Wage theft, plain and simple.",
    "Everyone avoid them!!",
    "Rejected everyone who did their survey, do not trust them.",
    "They block you for asking a question.",
    "Fraud requester, do not accept their hits.",
    "Horrible, pays nothing and rejects everything.",
]

SPAM_MESSAGES = [
    "Tired of low pay? Workers are making forty dollars a day on the new panel site "
    "surveycashnow, register with invite code LUCKY and get a bonus on your first survey.",
    "Warning to everyone: this requester is under investigation for stealing wages, see the "
    "full list of bad requesters on the worker rights blog before you accept anything.",
    "Join our private channel for the best paying tasks before they are gone, thousands of "
    "workers already earn more every day, search for hitfinder elite and use code VIP.",
]
SPAM_TAILS = ["", "", " !!", " Don't wait.", " Tell your friends.", " Thanks."]

# Short, varied praise for puppets that avoid looking alike.
PRAISE = [
    "Great requester, very fair.",
    "Pays well and approves quickly.",
    "Excellent pay, fast approval.",
    "Really good experience, would recommend.",
    "Top requester, always pays.",
    "Amazing pay for the time.",
    "Very generous and quick to approve.",
    "Best pay around.",
    "Fantastic, will do more.",
    "Super fair requester.",
    "Good communication and great pay.",
    "One of my favourite requesters.",
]
