using FsCheck;
using FsCheck.Fluent;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Properties.Theory.Tasks;

/// <summary>
/// A generated composite addition task as plain data (printable as a counter-example).
/// Anchor values lie in -3..3 and keys in [3P, N-1-3P], so every sum-rule label stays in
/// range by construction; key weights are 0..5 with the first key forced positive, anchor
/// weights 1..5 per (key, tuple), so every generated task is valid without filtering.
/// </summary>
public sealed record TaskSpec(int Numbers, int KeyMin, int KeyMax, int[] AnchorValues, int Positions, int[] KeyWeights, int[] AnchorWeights)
{
    /// <summary>m^P.</summary>
    public int TupleCount => (int)Math.Pow(AnchorValues.Length, Positions);

    /// <summary>Index of an anchor tuple, first position most significant.</summary>
    public int TupleIndex(IReadOnlyList<int> anchors) => anchors.Aggregate(0, (acc, a) => acc * AnchorValues.Length + a);

    /// <summary>The configuration, with the anchor weights read from the generated table.</summary>
    public CompositeAdditionConfig Config() => new()
    {
        Numbers = Numbers,
        KeyMin = KeyMin,
        KeyMax = KeyMax,
        AnchorValues = AnchorValues,
        AnchorPositions = Positions,
        KeyWeights = KeyWeights.Select(w => (double)w).ToArray(),
        AnchorWeight = (key, anchors) => AnchorWeights[(key - KeyMin) * TupleCount + TupleIndex(anchors)],
    };

    public override string ToString() =>
        $"N={Numbers} keys=[{KeyMin},{KeyMax}] values=[{string.Join(",", AnchorValues)}] P={Positions} " +
        $"keyWeights=[{string.Join(",", KeyWeights)}] anchorWeights=[{string.Join(",", AnchorWeights)}]";
}

/// <summary>Generators of random valid composite addition tasks.</summary>
public static class TaskGenerators
{
    /// <summary>N in 30..40, 1..4 anchors, P in 1..3, 1..6 keys: at most 384 combinations.</summary>
    public static Gen<TaskSpec> Any() =>
        from n in Gen.Choose(30, 40)
        from m in Gen.Choose(1, 4)
        from values in Gen.Shuffle(Enumerable.Range(-3, 7).ToArray()).Select(v => v.Take(m).ToArray())
        from p in Gen.Choose(1, 3)
        from keyMin in Gen.Choose(3 * p, 3 * p + 2)
        from keyCount in Gen.Choose(1, 6)
        from keyWeights in Gen.ArrayOf(Gen.Choose(0, 5), keyCount).Select(w => w.Select((x, i) => i == 0 ? Math.Max(1, x) : x).ToArray())
        from anchorWeights in Gen.ArrayOf(Gen.Choose(1, 5), keyCount * (int)Math.Pow(m, p))
        select new TaskSpec(n, keyMin, keyMin + keyCount - 1, values, p, keyWeights, anchorWeights);
}
