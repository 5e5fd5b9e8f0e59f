"""Analysis of a whole case: communities (`communities`), interest groups ranked by risk
(`groups`), brokers between givers and officials (`brokers`) and how groups change over
time (`evolution`)."""

__all__: list[str] = []
