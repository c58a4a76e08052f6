from django.urls import path

from .views import OpsOperationLogList

urlpatterns = [path("ops/oplog/", OpsOperationLogList.as_view(), name="api-ops-oplog")]
