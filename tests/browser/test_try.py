import pytest
from .helpers import axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_try(page, site, organisation, axe, browser_problems):
    page.goto(site + "/")
    print(page.content()[:3000])
    v = axe_violations(page, axe)
    print(describe_violations(v))
    print(browser_problems.collect(page))
