namespace ProbSig.Bench.Rows;

/// <summary>
/// A row's target: bounds on the ratio (ours against the reference, &gt; 1 ours better) and
/// on our figure itself, each optional; a row meets it when every bound given holds. The
/// issue that set it is quoted in <see cref="Text"/>, so the table shows what was asked.
/// </summary>
/// <param name="Text">The target in words: "&gt;= 1.0x PyTorch", "&lt;= 10 s and &gt;= 50x RK4".</param>
public sealed record BenchTarget(string Text)
{
    /// <summary>Smallest acceptable ratio.</summary>
    public double? RatioAtLeast { get; init; }

    /// <summary>Smallest acceptable value of our figure.</summary>
    public double? ValueAtLeast { get; init; }

    /// <summary>Largest acceptable value of our figure.</summary>
    public double? ValueAtMost { get; init; }

    /// <summary>A ratio target: "&gt;= {x}x {of}".</summary>
    public static BenchTarget Ratio(double atLeast, string of) => new($">= {atLeast:0.##}x {of}") { RatioAtLeast = atLeast };

    /// <summary>A range for the figure itself: "{lo} to {hi}".</summary>
    public static BenchTarget Range(double atLeast, double atMost, string unit) => new($"{atLeast:0.##} to {atMost:0.##} {unit}".TrimEnd()) { ValueAtLeast = atLeast, ValueAtMost = atMost };

    /// <summary>Judges <paramref name="row"/>: a failed value bound is a miss even without a
    /// reference; a ratio bound without a reference figure is <see cref="BenchVerdict.PeerAbsent"/>.</summary>
    public BenchVerdict Judge(BenchRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!double.IsFinite(row.Ours)) return BenchVerdict.Missed;
        if (ValueAtLeast is { } lo && !(row.Ours >= lo)) return BenchVerdict.Missed;
        if (ValueAtMost is { } hi && !(row.Ours <= hi)) return BenchVerdict.Missed;
        if (RatioAtLeast is { } r)
        {
            if (row.Ratio is not { } ratio) return BenchVerdict.PeerAbsent;
            if (!(ratio >= r)) return BenchVerdict.Missed;
        }
        return BenchVerdict.Met;
    }
}
