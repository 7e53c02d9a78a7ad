// Report writers land here.
