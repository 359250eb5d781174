using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Tests.Properties.Theory.Tasks;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Properties.Theory.Signatures;

/// <summary>Signatures of the composite addition task checked against hand derivations.</summary>
[TestFixture]
public sealed class DefaultTaskSignatureTests
{
    /// <summary>Sums of 640 weights of 1/640: round-off well below 1e-13.</summary>
    private const double Exact = 1e-12;

    private static readonly CompositeAdditionTask Task = CompositeAdditionTask.Create(new CompositeAdditionConfig());

    private static SignatureSet Compute(FeatureKind kind) => SignatureSet.Compute(Task.Population, FeatureMap.For(kind, Task.Population));

    [Test]
    public void DefaultTask_CentredKeySignatureCosine_IsAFunctionOfTheKeyDistanceAlone()
    {
        // C2's finding (issue 15): every key's label distribution is the anchor-sum law
        // shifted by the key, and the keys are uniform, so the centred cosine of keys i and
        // j depends on |i - j| only. This is why no null that keeps the distance can be
        // beaten on this task, and why C4's fingerprint (the shape in |i - j|) is the test
        // of what only the signature explains. Up to round-off: 9 values, not 780.
        var keys = Task.KeyTokens;
        var cosine = SignatureSimilarity.Centred(Compute(FeatureKind.Counts), keys);
        var byDistance = new Dictionary<int, double>();
        for (int i = 0; i < keys.Count; i++)
            for (int j = i + 1; j < keys.Count; j++)
            {
                int delta = Math.Abs(keys[i] - keys[j]);
                if (byDistance.TryGetValue(delta, out var first))
                    Assert.That(cosine[i, j], Is.EqualTo(first).Within(Exact), $"keys {keys[i]}, {keys[j]} against the first pair at distance {delta}");
                else byDistance[delta] = cosine[i, j];
            }
        Assert.That(byDistance.Values.Select(v => Math.Round(v, 9)).Distinct().Count(), Is.EqualTo(9), "THEORY 4: 9 distinct values");
    }

    [Test]
    public void DefaultTask_TokenAndPairMasses_MatchHandDerivation()
    {
        var counts = Compute(FeatureKind.Counts);
        var presence = Compute(FeatureKind.Presence);
        for (int s = 0; s < 100; s++)
        {
            // Each key is one of 40 equally likely keys; other numbers never appear as input.
            double expected = s is >= 20 and <= 59 ? 1.0 / 40 : 0.0;
            Assert.That(counts.TokenMass[s], Is.EqualTo(expected).Within(Exact), $"pi of number {s}");
            Assert.That(counts.IsDefined(s), Is.EqualTo(expected > 0));
        }
        foreach (int a in Task.AnchorTokens)
        {
            // 2 positions, each holding this anchor with probability 1/4: E[n_a] = 2/4.
            Assert.That(counts.TokenMass[a], Is.EqualTo(0.5).Within(Exact));
            // Present unless both positions miss it: 1 - (3/4)^2.
            Assert.That(presence.TokenMass[a], Is.EqualTo(7.0 / 16).Within(Exact));
            // E[n_a^2] = 1 * P(n_a = 1) + 4 * P(n_a = 2) = 1 * 6/16 + 4 * 1/16.
            Assert.That(counts.Sigma[a, a], Is.EqualTo(10.0 / 16).Within(Exact));
            foreach (int b in Task.AnchorTokens.Where(b => b != a))
                Assert.That(counts.Sigma[a, b], Is.EqualTo(2.0 / 16).Within(Exact), "(a,b) or (b,a) of 16 ordered tuples");
            Assert.That(counts.Sigma[30, a], Is.EqualTo(1.0 / 40 * 0.5).Within(Exact), "key and anchors are independent");
        }
        Assert.That(counts.Sigma[30, 31], Is.EqualTo(0.0), "two keys never meet");
        Assert.That(counts.T.Contains(30, 31), Is.False);
        // Class masses: label 40 is reachable from all 16 tuples (40 - sum stays in 20..59),
        // label 4 only as 20 - 8 - 8, label 70 never.
        Assert.That(counts.ClassMass[40], Is.EqualTo(16.0 / 640).Within(Exact));
        Assert.That(counts.ClassMass[4], Is.EqualTo(1.0 / 640).Within(Exact));
        Assert.That(counts.IsClassDefined(70), Is.False);
        // A1's only share of label 69 is (59, A1, A1), which counts A1 twice: (2/640) / 0.5.
        Assert.That(counts.LabelSignature(100)![69], Is.EqualTo(1.0 / 160).Within(Exact));
        // m_4 = E[n | Y = 4] is the single sequence (20, A4, A4).
        var m4 = counts.OutputSignature(4)!;
        Assert.That(m4[20], Is.EqualTo(1.0));
        Assert.That(m4[103], Is.EqualTo(2.0));
        Assert.That(m4.Sum(), Is.EqualTo(3.0).Within(Exact));
    }

    [Test]
    public void DefaultTask_CountsAndPresence_AgreeOnKeyColumns_ButDifferOnAnchorColumns()
    {
        // The default task repeats anchors ((A1, A1) etc., 4 of 16 tuples), so it is not a
        // task on which the two maps coincide: only the never-repeated keys agree.
        var counts = Compute(FeatureKind.Counts);
        var presence = Compute(FeatureKind.Presence);
        foreach (int k in Task.KeyTokens)
            Assert.That((counts.A.Column(k) - presence.A.Column(k)).L2Norm(), Is.LessThanOrEqualTo(Exact));
        foreach (int a in Task.AnchorTokens)
            Assert.That((counts.A.Column(a) - presence.A.Column(a)).L2Norm(), Is.GreaterThan(1e-3));
    }

    [Test]
    public void DefaultTask_KeyLabelSignature_IsUniformOverKeyPlusAnchorSumMultiset()
    {
        // The 16 ordered sums of two values from (5, 1, -2, -8), worked out by hand:
        // 10 x1, 6 x2, 3 x2, 2 x1, -1 x2, -3 x2, -4 x1, -7 x2, -10 x2, -16 x1.
        var multiplicity = new Dictionary<int, int>
        {
            [10] = 1, [6] = 2, [3] = 2, [2] = 1, [-1] = 2, [-3] = 2, [-4] = 1, [-7] = 2, [-10] = 2, [-16] = 1,
        };
        Assert.That(multiplicity.Values.Sum(), Is.EqualTo(16));
        var set = Compute(FeatureKind.Counts);
        var l30 = set.LabelSignature(30)!;
        for (int y = 0; y < 100; y++)
        {
            double expected = multiplicity.TryGetValue(y - 30, out var n) ? n / 16.0 : 0.0;
            Assert.That(l30[y], Is.EqualTo(expected).Within(Exact), $"l_30({y})");
        }
        // A's key column is pi_k (l_k - u) with pi_k = 1/40.
        Assert.That(set.A[36, 30], Is.EqualTo((2.0 / 16 - 0.01) / 40).Within(Exact));
    }

    [Test]
    public void PositionResolved_DefaultTask_HasLTimesVColumns_AndItsKeyBlockEqualsTheCountsKeyColumns()
    {
        var counts = Compute(FeatureKind.Counts);
        var positional = Compute(FeatureKind.PositionResolved);
        int v = Task.VocabularySize;
        Assert.That(positional.FeatureCount, Is.EqualTo(3 * v));
        Assert.That(positional.A.ColumnCount, Is.EqualTo(3 * 104));
        for (int y = 0; y < 100; y++)
        {
            // Position 0 holds the key: numbers appear only there, anchors never.
            for (int s = 0; s < 100; s++)
                Assert.That(positional.A[y, s], Is.EqualTo(counts.A[y, s]).Within(Exact));
            foreach (int a in Task.AnchorTokens)
            {
                Assert.That(positional.A[y, a], Is.EqualTo(0.0));
                Assert.That(positional.A[y, v + a] + positional.A[y, 2 * v + a], Is.EqualTo(counts.A[y, a]).Within(Exact));
            }
        }
        Assert.That(positional.TokenMass[v + 100], Is.EqualTo(0.25).Within(Exact), "A1 at position 1");
    }

    /// <summary>
    /// Sampling constant c in max_{y,s} |A_N - A| &lt;= c / sqrt(N). Each entry of A_N is a mean
    /// of N iid terms X = n_s (1{Y=y} - 1/C) with |X| &lt;= b = 2 and standard deviation at most
    /// sigma_max = 0.1238 on the default task (computed exactly below; an anchor column). Bernstein
    /// with a union bound over the K = 100 x 104 entries at failure probability delta = 1e-6 gives
    /// sqrt(N) |A_N - A| &lt;= sigma_max sqrt(2 L) + 2 b L / (3 sqrt(N)), L = ln(2K/delta) = 23.8:
    /// 0.85 + 0.22 = 1.07 at N = 20000, so c = 1.1. Measured over seeds 1..10: at most 0.43.
    /// </summary>
    private const double SamplingConstant = 1.1;

    private const int SampleSize = 20000;

    [Test]
    public void SampledA_IsWithinConstantOverSqrtN_OfExactA()
    {
        var exact = Compute(FeatureKind.Counts);
        int c = exact.ClassCount;
        double sigmaMax = 0;
        for (int y = 0; y < c; y++)
            for (int s = 0; s < exact.FeatureCount; s++)
            {
                // E[X^2] = E[n_s^2 1{Y=y}] (1 - 2/C) + E[n_s^2] / C^2, and E[n_s^2 1{Y=y}] = T[y,s,s] + Sigma_ss / C.
                double second = (exact.T[y, s, s] + exact.Sigma[s, s] / c) * (1 - 2.0 / c) + exact.Sigma[s, s] / ((double)c * c);
                sigmaMax = Math.Max(sigmaMax, Math.Sqrt(Math.Max(0, second - exact.A[y, s] * exact.A[y, s])));
            }
        Assert.That(sigmaMax, Is.LessThanOrEqualTo(0.1238 + 1e-4), "the derivation of SamplingConstant assumes this");
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
        {
            var sampled = SignatureSet.Compute(Task.Sample(SampleSize, seed), FeatureMap.Counts(Task.VocabularySize));
            double worst = (sampled.A - exact.A).Enumerate().Max(Math.Abs);
            Assert.That(worst * Math.Sqrt(SampleSize), Is.LessThanOrEqualTo(SamplingConstant),
                $"seed {seed}: max |A_N - A| = {worst:E3} against bound {SamplingConstant / Math.Sqrt(SampleSize):E3}");
        }
    }

    [Test]
    public void RandomTask_KeyMassIsNormalisedKeyWeight_AndAnchorMassesSumToAnchorPositions()
    {
        PropertyCheck.Run(Prop.ForAll(TaskGenerators.Any().ToArbitrary(), spec =>
        {
            var task = CompositeAdditionTask.Create(spec.Config());
            var set = SignatureSet.Compute(task.Population, FeatureMap.Counts(task.VocabularySize));
            double total = spec.KeyWeights.Sum();
            for (int k = spec.KeyMin; k <= spec.KeyMax; k++)
                Assert.That(set.TokenMass[k], Is.EqualTo(spec.KeyWeights[k - spec.KeyMin] / total).Within(Exact));
            // Every sequence holds exactly P anchors, so E[sum_a n_a] = P.
            Assert.That(task.AnchorTokens.Sum(a => set.TokenMass[a]), Is.EqualTo(spec.Positions).Within(Exact));
            for (int s = 0; s < set.FeatureCount; s++)
                if (set.IsDefined(s)) Assert.That(set.LabelSignature(s)!.Sum(), Is.EqualTo(1.0).Within(Exact));
        }), cases: 60);
    }
}
