import pytest


@pytest.fixture
def admin_client(auth, client):
    auth.login_admin()
    return client
