namespace ProbSig.Bench.Rows;

/// <summary>Which way a figure improves: a rate grows, a time shrinks.</summary>
public enum Better
{
    /// <summary>Rates (tokens/s, GFLOP/s, MB/s): ours / reference is the ratio.</summary>
    Higher,

    /// <summary>Times and sizes (s, MB): reference / ours is the ratio.</summary>
    Lower,

    /// <summary>Neither (a fitted exponent): no ratio, the target bounds the figure itself.</summary>
    Neither,
}

/// <summary>
/// One line of `probsig bench`: our figure beside the figure it is judged against (a peer's,
/// such as PyTorch eager on the same batch, or the machine's limit, such as the matrix-product
/// rate), both measured in the same run, their ratio and the target.
/// </summary>
/// <param name="Id">Stable key for JSON consumers: "lm-train-tokens-1t".</param>
/// <param name="Group">The bench group it belongs to (<see cref="IBenchGroup.Name"/>).</param>
/// <param name="Title">What is measured, for the table.</param>
/// <param name="Ours">Our figure, in <paramref name="Unit"/>.</param>
/// <param name="Unit">"tokens/s", "s", "GFLOP/s", "MB", "exponent" ...</param>
/// <param name="Better">Which way <paramref name="Ours"/> improves; also the reference's.</param>
/// <param name="Reference">What <paramref name="Ours"/> is set beside: "PyTorch 1.13.1 eager", "fp32 matmul rate".</param>
/// <param name="ReferenceValue">Its figure in the same unit, or null when it could not be measured.</param>
/// <param name="ReferenceAbsent">Why it could not ("peer absent: python3 has no torch"), when null.</param>
/// <param name="Target">What the figure should reach; null: none set.</param>
/// <param name="Detail">Sizes, thread counts, accuracies: what a reader needs to repeat it.</param>
public sealed record BenchRow(
    string Id,
    string Group,
    string Title,
    double Ours,
    string Unit,
    Better Better,
    string Reference,
    double? ReferenceValue,
    string? ReferenceAbsent,
    BenchTarget? Target,
    string Detail)
{
    /// <summary>How many times better ours is than the reference (&gt; 1: ours better); null
    /// without a reference figure or for a figure with no direction.</summary>
    public double? Ratio => ReferenceValue is not { } r || Better == Better.Neither || !(r > 0) || !(Ours > 0) ? null
        : Better == Better.Higher ? Ours / r : r / Ours;

    /// <summary>The row judged against its target.</summary>
    public BenchVerdict Verdict => Target?.Judge(this) ?? BenchVerdict.NoTarget;
}

/// <summary>How a row stands against its target.</summary>
public enum BenchVerdict
{
    /// <summary>Every bound of the target holds.</summary>
    Met,

    /// <summary>A bound fails: the table says so beside the row.</summary>
    Missed,

    /// <summary>The target is on the ratio and the reference could not be measured.</summary>
    PeerAbsent,

    /// <summary>The row carries no target.</summary>
    NoTarget,
}
