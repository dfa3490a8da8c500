"""What owners' votes (deliberation.votes) and residents' polls (deliberation.polls) share: the
ballot state machine, the abstract ballot and objection models, the paper-ballot check,
objections during publicity, the electorate's logins and notices, masked names, the
workbench's queues and the exact-fraction gates. It imports neither votes nor polls."""
