"""`strata worker`: a client of JobService that claims, runs and reports jobs through the
public generated stubs, as any other worker would."""
