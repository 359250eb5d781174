using FsCheck;
using FsCheck.Fluent;
using ProbSig.Theory.Populations;

namespace ProbSig.Tests.Properties.Theory.Populations;

/// <summary>A generated exact population, kept as plain data so FsCheck prints a readable
/// counter-example (the Population itself has no useful ToString).</summary>
public sealed record PopulationSpec(int VocabularySize, int ClassCount, (int[] Tokens, int Label, int Weight)[] Samples)
{
    /// <summary>The exact population with these (unnormalised, positive) weights.</summary>
    public Population Build() => Population.Exact(VocabularySize, ClassCount,
        Samples.Select(s => ((IReadOnlyList<int>)s.Tokens, s.Label, (double)s.Weight)));

    /// <summary>True when some sequence repeats a token.</summary>
    public bool HasRepeatedToken => Samples.Any(s => s.Tokens.Distinct().Count() < s.Tokens.Length);

    public override string ToString() =>
        $"V={VocabularySize} C={ClassCount} samples=[" +
        string.Join("; ", Samples.Select(s => $"({string.Join(",", s.Tokens)})->{s.Label} w{s.Weight}")) + "]";
}

/// <summary>
/// Custom generators of small valid populations (STYLE 4: construct valid inputs rather
/// than filter): V in 2..6, C in 2..5, 1..8 samples, sequences of length 1..4, integer
/// weights 1..100, so every generated population is a legal exact distribution.
/// </summary>
public static class PopulationGenerators
{
    /// <summary>Any small population; sequences may repeat tokens.</summary>
    public static Gen<PopulationSpec> Any() =>
        from v in Gen.Choose(2, 6)
        from c in Gen.Choose(2, 5)
        from n in Gen.Choose(1, 8)
        from samples in Gen.ArrayOf(Sample(c, Gen.Choose(1, 4), Tokens(v)), n)
        select new PopulationSpec(v, c, samples);

    /// <summary>Populations in which no sequence repeats a token.</summary>
    public static Gen<PopulationSpec> WithoutRepeats() =>
        from v in Gen.Choose(2, 6)
        from c in Gen.Choose(2, 5)
        from n in Gen.Choose(1, 8)
        from samples in Gen.ArrayOf(Sample(c, Gen.Choose(1, Math.Min(4, v)), DistinctTokens(v)), n)
        select new PopulationSpec(v, c, samples);

    /// <summary>Populations in which at least the first sequence repeats a token.</summary>
    public static Gen<PopulationSpec> WithRepeat() =>
        from spec in Any()
        from extra in Gen.Choose(0, spec.Samples[0].Tokens.Length - 1)
        select spec with
        {
            Samples = spec.Samples.Select((s, i) => i == 0 ? (s.Tokens.Append(s.Tokens[extra]).ToArray(), s.Label, s.Weight) : s).ToArray(),
        };

    /// <summary>Populations whose sequences all have one length L in 1..3 (for the position-resolved map).</summary>
    public static Gen<PopulationSpec> FixedLength() =>
        from v in Gen.Choose(2, 6)
        from c in Gen.Choose(2, 5)
        from length in Gen.Choose(1, 3)
        from n in Gen.Choose(1, 8)
        from samples in Gen.ArrayOf(Sample(c, Gen.Constant(length), Tokens(v)), n)
        select new PopulationSpec(v, c, samples);

    /// <summary>A population together with a random permutation of its tokens and one of its classes.</summary>
    public static Gen<(PopulationSpec Spec, int[] TokenMap, int[] LabelMap)> WithPermutations() =>
        from spec in Any()
        from tokenMap in Gen.Shuffle(Enumerable.Range(0, spec.VocabularySize).ToArray())
        from labelMap in Gen.Shuffle(Enumerable.Range(0, spec.ClassCount).ToArray())
        select (spec, tokenMap, labelMap);

    private static Func<int, Gen<int[]>> Tokens(int v) => length => Gen.ArrayOf(Gen.Choose(0, v - 1), length);

    private static Func<int, Gen<int[]>> DistinctTokens(int v) => length =>
        Gen.Shuffle(Enumerable.Range(0, v).ToArray()).Select(p => p.Take(length).ToArray());

    private static Gen<(int[] Tokens, int Label, int Weight)> Sample(int c, Gen<int> length, Func<int, Gen<int[]>> tokens) =>
        from l in length
        from t in tokens(l)
        from y in Gen.Choose(0, c - 1)
        from w in Gen.Choose(1, 100)
        select (t, y, w);
}
