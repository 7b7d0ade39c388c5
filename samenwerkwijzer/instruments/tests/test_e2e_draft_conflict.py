"""Two members of one organisation on the same draft, in a real browser: the autosave never undoes the
colleague's answer, the writer's own second change is saved, and a question both changed is told."""

import pytest

from samenwerkwijzer.instruments import services
from samenwerkwijzer.instruments.models import AnswerSet

from .factories import access_for, open_round
from .test_e2e_conclusions import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_older_page_autosaves_around_a_colleagues_answer_and_says_where_both_changed_it(new_page, personas):
    round_ = open_round(personas)
    person = new_page(width=390, height=844)
    log_in(person.page, person.base_url, "alice@example.org")
    person.goto(f"/instruments/collaborations/{personas.collaboration.pk}/rounds/{round_.pk}/")
    # Meanwhile anna, of the same organisation, answers two questions on her own page.
    anna = access_for(personas.anna, personas.collaboration)
    services.answers_save(access=anna, round=round_, answers={"invest_money": 4, "mutual_trust": 2})

    status = person.page.locator("#autosave-status")
    with person.page.expect_response(lambda response: "/answers/" in response.url):
        person.page.locator("label[for=id_grade_5]").click()  # a question anna left alone
    status.get_by_text("Concept opgeslagen").wait_for()
    with person.page.expect_response(lambda response: "/answers/" in response.url):
        person.page.locator("label[for=id_grade_6]").click()  # her own second change: no conflict
    person.page.wait_for_timeout(200)  # the swap follows the response
    assert "Concept opgeslagen" in status.inner_text()
    # The new base replaced the old one (out of band), it did not land beside it in the status.
    assert person.page.locator("input[name=answers_base]").count() == 1
    grade = int(person.page.get_attribute("#id_grade_6", "value"))
    assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers == {
        "invest_money": 4,
        "mutual_trust": 2,
        "grade": grade,
    }

    with person.page.expect_response(lambda response: "/answers/" in response.url):
        person.page.locator("label[for=id_invest_money_1]").click()  # anna changed this one too
    status.get_by_text("Niet opgeslagen").wait_for()
    assert "Anna Member" in status.inner_text() and "“4”" in status.inner_text()
    person.check()
    assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers["invest_money"] == 4

    # "Save draft" shows both answers; saving that page again replaces anna's knowingly.
    person.submit("button[name=save]")
    assert "veranderd in: “4”" in person.page.locator("#q-invest_money").inner_text()
    assert person.page.is_checked("#id_invest_money_1")
    person.page.screenshot(path="var/e2e-draft-conflict-390.png", full_page=True)
    person.submit("button[name=save]")
    assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers["invest_money"] == 2
