"""Force-supplied CSVs are checked whole, with every problem on its own numbered line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from saferplaces.reports.supplied import parse_supplied


def test_a_victim_satisfaction_file_reads_in_any_column_order_with_a_byte_order_mark() -> None:
    text = "\ufeffcrime_type,month,satisfied,respondents\nBurglary,2022-02,8,10\nRobbery,2022-02,0,3\n\n"
    parsed = parse_supplied("victim_satisfaction", text)
    assert parsed.errors == []
    assert parsed.rows == [
        {"month": date(2022, 2, 1), "crime_type": "Burglary", "respondents": 10, "satisfied": 8},
        {"month": date(2022, 2, 1), "crime_type": "Robbery", "respondents": 3, "satisfied": 0},
    ]
    assert parsed.months == [date(2022, 2, 1)]


def test_every_bad_row_is_reported_with_its_line_number() -> None:
    text = (
        "month,crime_type,respondents,satisfied\n"
        "2022-02,Burglary,10,8\n"
        "2022-13,Burglary,10,8\n"
        "2022-03,Burglary,ten,8\n"
        "2022-03,Robbery,5,6\n"
        "2022-02,burglary,12,9\n"
        "2022-04,,5,1\n"
        '"2022-05","Theft of\nmotor vehicle",4,-1\n'
        "2022-06,Burglary,3,1,extra\n"
    )
    parsed = parse_supplied("victim_satisfaction", text)
    assert parsed.errors == [
        "line 3: column 'month': '2022-13' is not a month written YYYY-MM (e.g. 2023-01)",
        "line 4: column 'respondents': 'ten' is not a whole number of 0 or more",
        "line 5: satisfied (6) is more than respondents (5)",
        "line 6: crime_type 'burglary' for 2022-02 already appears on line 2",
        "line 7: column 'crime_type' is empty",
        # A quoted cell may span lines: the row is reported on the line where it ends.
        "line 9: column 'satisfied': '-1' is not a whole number of 0 or more",
        "line 10: 5 cells but the header has 4",
    ]


def test_a_wrong_header_names_what_is_missing_and_what_is_unknown() -> None:
    parsed = parse_supplied("staffing", "\n\nmonth,role,budget,actual,actual\n2023-03,PC,1,1\n")
    assert parsed.errors == [
        "line 3: missing column(s) budgeted; unknown column(s) budget; column(s) named twice: actual "
        "(expected: month, role, budgeted, actual)"
    ]
    assert parsed.rows == []


def test_empty_files_and_header_only_files_are_refused() -> None:
    assert parse_supplied("hospital_admissions", "").errors == [
        "line 1: the file is empty; the first line must name the columns"
    ]
    assert parse_supplied("hospital_admissions", "month,measure,count\n").errors == [
        "line 1: the file has a header but no data rows"
    ]


def test_staffing_keeps_two_decimal_places_exactly_and_the_order_of_the_roles() -> None:
    text = (
        "month,role,budgeted,actual\n2023-03,Insp,20.52,22\n2023-03,PCSO,550.2,512.01\n2023-03,PC,1.005,1\n"
    )
    parsed = parse_supplied("staffing", text)
    assert parsed.errors == [
        "line 4: column 'budgeted': '1.005' is not a number of 0 or more with at most 2 decimal places"
    ]
    ok = parse_supplied("staffing", text.rsplit("2023-03,PC", 1)[0])
    assert [(r["role"], r["budgeted"], r["actual"], r["position"]) for r in ok.rows] == [
        ("Insp", Decimal("20.52"), Decimal("22"), 0),
        ("PCSO", Decimal("550.2"), Decimal("512.01"), 1),
    ]


def test_monthly_counts_accept_thousands_separators() -> None:
    parsed = parse_supplied(
        "hospital_admissions", 'month,measure,count\n2022-11,Assault with a sharp object,"1,204"\n'
    )
    assert parsed.rows == [
        {"month": date(2022, 11, 1), "measure": "Assault with a sharp object", "count": 1204}
    ]


def test_the_error_list_stops_at_one_hundred_and_counts_the_rest() -> None:
    text = "month,measure,count\n" + "".join(f"2022-01,M{i},x\n" for i in range(130))
    errors = parse_supplied("hospital_admissions", text).errors
    assert len(errors) == 101
    assert errors[0] == "line 2: column 'count': 'x' is not a whole number of 0 or more"
    assert errors[-1] == "… and 30 more problem(s)"
