using System.Globalization;

namespace ProbSig.Verification.Claims;

/// <summary>Which side of the bound a claim's measured figure must fall on.</summary>
public enum Bound
{
    /// <summary>measured >= Limit.</summary>
    AtLeast,
    /// <summary>measured &lt;= Limit.</summary>
    AtMost,
}

/// <summary>
/// A claim's acceptance region. <see cref="Rationale"/> records where the limit comes from:
/// the per-seed measurements it was set against and the margin taken, so that a reader
/// can see the limit is not tuned to pass.
/// </summary>
public sealed record Tolerance(Bound Side, double Limit, string Rationale)
{
    /// <summary>True when <paramref name="measured"/> is inside the region (NaN never is).</summary>
    public bool Holds(double measured) => !double.IsNaN(measured) && (Side == Bound.AtLeast ? measured >= Limit : measured <= Limit);

    /// <summary>The region as text, e.g. "&gt;= 0.65".</summary>
    public override string ToString() => (Side == Bound.AtLeast ? ">= " : "<= ")
        // Three decimals for the usual limits; a tiny one (an exactness bound) in scientific form.
        + Limit.ToString(Limit != 0 && Math.Abs(Limit) < 1e-3 ? "G3" : "0.###", CultureInfo.InvariantCulture);
}
