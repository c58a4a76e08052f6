from django.urls import path

from .views import MerchantOperationLogList

urlpatterns = [path("oplog/", MerchantOperationLogList.as_view(), name="api-merchant-oplog")]
