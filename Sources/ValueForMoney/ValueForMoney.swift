// Value-for-money analysis lands here.
