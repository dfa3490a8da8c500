"""Django looks for an app's models in one module, `<app>.models`: the models of deliberation
live in its three parts (votes, polls, topics) and are imported here only so that the app
label `deliberation` keeps owning them: the same tables, migrations, content types and
permission strings as before the split."""

from gongzhi.deliberation.polls.models import (  # noqa: F401
    Poll,
    PollBallot,
    PollElector,
    PollObjection,
)
from gongzhi.deliberation.topics.models import (  # noqa: F401
    Invitee,
    Meeting,
    SignIn,
    Topic,
    TopicDocument,
    TopicRating,
    TopicStep,
    TopicTask,
)
from gongzhi.deliberation.votes.models import (  # noqa: F401
    Ballot,
    Elector,
    ElectorCorrection,
    Objection,
    ProxyAuthorisation,
    PublicityPhoto,
    RuleSet,
    Vote,
    VoteDocument,
)
