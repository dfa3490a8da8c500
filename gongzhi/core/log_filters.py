"""Logging filters: nothing the application logs shows a full phone or ID number."""

import logging

from gongzhi.core.text import mask_personal_data


class MaskPersonalData(logging.Filter):
    """Masks mobiles, landlines and ID numbers in every record's message (settings.LOGGING puts
    it on the handlers), whichever logger wrote it: a provider's error that quotes the number
    it refused, a job's failure, a backend that prints what it would have sent."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
