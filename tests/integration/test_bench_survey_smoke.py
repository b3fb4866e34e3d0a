"""bench.survey_results runs and prints its figures (a tiny size, one run)."""
from bench.survey_results import run


async def test_the_survey_results_bench_runs():
    out = await run([20], 1)
    case = out["cases"][0]
    assert case["respondents"] == 20 and case["answer_rows"] == 80
    assert case["read_rows_ms"] > 0 and case["results_ms"] > 0
