"""The errors of referrals: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.accounts.errors import NOT_A_USER as NOT_A_USER
from shared_apps.core.failures import DATE_INVALID as DATE_INVALID
from shared_apps.core.failures import ErrorCode
from shared_apps.distribution.errors import MEMBER_NOT_FOUND as MEMBER_NOT_FOUND

ALREADY_BOUND = ErrorCode("already_bound", "您已绑定其他推荐人", "Already bound to another distributor", 409)
FILTER_INVALID = ErrorCode(
    "filter_invalid",
    "筛选条件格式不正确（金额为元，日期为 YYYY-MM-DD）",
    "Bad filter: amounts in yuan, dates YYYY-MM-DD",
)
FOLLOW_UP_DATE_INVALID = ErrorCode(
    "follow_up_date_invalid", "下次跟进日期不能早于今天", "Next follow-up is in the past",
)
MEMBER_NOT_FOUND_REFERRED = MEMBER_NOT_FOUND.of(what="会员")
NOTE_INVALID = ErrorCode("note_invalid", "跟进内容应为 1 到 1000 个字符", "Note text is 1..1000 characters")
NOTE_NOT_FOUND = ErrorCode("note_not_found", "跟进记录不存在", "Note not found", 404)
REFERRAL_CODE_INVALID = ErrorCode("referral_code_invalid", "推荐码无效", "Unknown referral code", 404)
SELF_REFERRAL = ErrorCode("self_referral", "不能绑定自己所在的分销商", "Members cannot refer themselves", 409)
TAG_EXISTS = ErrorCode("tag_exists", "标签已存在", "Tag already exists", 409)
TAG_INVALID = ErrorCode("tag_invalid", "标签名称应为 1 到 20 个字符", "Tag names are 1..20 characters")
TAG_LIMIT = ErrorCode("tag_limit", "标签最多 {max_tags} 个", "Too many tags", 409)
TAG_NOT_FOUND = ErrorCode("tag_not_found", "标签不存在", "Tag not found", 404)
