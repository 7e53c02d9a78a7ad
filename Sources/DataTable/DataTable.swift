// Placeholder: the R-compatible CSV reader lands here.
