"""The API's one paginator (REST_FRAMEWORK DEFAULT_PAGINATION_CLASS, and views that paginate by hand).

DRF's LimitOffsetPagination passes any `limit`/`offset` to SQL: past bigint PostgreSQL fails
(a 500). Here a number past bigint is a 400 `number_out_of_range`, a limit above MAX_LIMIT is
cut to it, and what is not a number keeps DRF's default (first page, default size).
"""

from rest_framework.pagination import LimitOffsetPagination

from .params import int_param

MAX_LIMIT = 500


class Pagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        self._check_range(request, self.limit_query_param)
        return super().get_limit(request)

    def get_offset(self, request):
        self._check_range(request, self.offset_query_param)
        return super().get_offset(request)

    @staticmethod
    def _check_range(request, name: str) -> None:
        value = request.query_params.get(name, "")
        if value.strip().lstrip("+-").isdigit():  # a number: must fit (anything else: DRF's default)
            int_param(value, name)
