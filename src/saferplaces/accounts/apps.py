from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferplaces.accounts"
    verbose_name = "Accounts and roles"
