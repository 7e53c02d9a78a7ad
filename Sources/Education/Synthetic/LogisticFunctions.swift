import Foundation

/// The logistic function logit⁻¹(x) = 1 / (1 + e⁻ˣ).
@inline(__always)
func inverseLogit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// The log-odds log(p / (1 − p)).
@inline(__always)
func logit(_ p: Double) -> Double { log(p / (1 - p)) }

/// `x` rounded half away from zero to one decimal place.
@inline(__always)
func roundedToOneDecimal(_ x: Double) -> Double { (x * 10).rounded() / 10 }

/// `x` rounded half away from zero to three decimal places.
@inline(__always)
func roundedToThreeDecimals(_ x: Double) -> Double { (x * 1_000).rounded() / 1_000 }
