from django.urls import path

from gongzhi.portal.signup import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/code/", views.code_send, name="code_send"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("account/", views.my_account, name="my_account"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/<str:action>/", views.account_action, name="account_action"),
]
