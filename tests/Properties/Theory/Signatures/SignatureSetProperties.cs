using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Tests.Properties.Theory.Populations;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;

namespace ProbSig.Tests.Properties.Theory.Signatures;

/// <summary>Identities of THEORY 2 that hold for every population, checked on random small ones.</summary>
[TestFixture]
public sealed class SignatureSetProperties
{
    /// <summary>Identities are exact in real arithmetic; a generated population sums at most
    /// 8 samples of weight >= 1/800, so round-off stays near 1e-15 and 1e-12 leaves room.</summary>
    private const double Exact = 1e-12;

    private static readonly FeatureKind[] BagKinds = [FeatureKind.Counts, FeatureKind.Presence];

    private static IEnumerable<SignatureSet> BagSignatures(PopulationSpec spec)
    {
        var population = spec.Build();
        return BagKinds.Select(k => SignatureSet.Compute(population, FeatureMap.For(k, population)));
    }

    [Test]
    public void LabelSignature_SumsToOneOverClasses_AndIsNonNegative()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            foreach (var set in BagSignatures(spec))
                for (int s = 0; s < set.FeatureCount; s++)
                {
                    var l = set.LabelSignature(s);
                    if (!set.IsDefined(s))
                    {
                        Assert.That(l, Is.Null, $"undefined token {s} must have no signature");
                        Assert.That(set.LabelSignatures.Row(s).All(double.IsNaN), $"row {s} of an undefined token is NaN");
                        continue;
                    }
                    Assert.That(l, Is.Not.Null);
                    Assert.That(l!.Sum(), Is.EqualTo(1.0).Within(Exact), $"{set.Features.Kind} token {s}");
                    Assert.That(l.Min(), Is.GreaterThanOrEqualTo(0.0));
                }
        }));
    }

    [Test]
    public void AColumns_SumToZeroOverClasses_AndEqualMassTimesCentredLabelSignature()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            foreach (var set in BagSignatures(spec))
            {
                double u = 1.0 / set.ClassCount;
                for (int s = 0; s < set.FeatureCount; s++)
                {
                    var column = set.A.Column(s);
                    Assert.That(column.Sum(), Is.EqualTo(0.0).Within(Exact), $"{set.Features.Kind} column {s}");
                    var l = set.LabelSignature(s);
                    for (int y = 0; y < set.ClassCount; y++)
                    {
                        double expected = l is null ? 0.0 : set.TokenMass[s] * (l[y] - u);
                        Assert.That(column[y], Is.EqualTo(expected).Within(Exact), $"{set.Features.Kind} A[{y},{s}]");
                    }
                }
            }
        }));
    }

    [Test]
    public void Sigma_IsSymmetricPositiveSemidefinite_AndBoundedByItsDiagonal()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            foreach (var set in BagSignatures(spec))
            {
                var sigma = set.Sigma;
                Assert.That((sigma - sigma.Transpose()).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
                // Sigma is a mixture of outer products phi phi^T, so it is PSD and obeys
                // Cauchy-Schwarz: |Sigma_ij| <= sqrt(Sigma_ii Sigma_jj) <= max of the two diagonals.
                double minEigen = sigma.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
                Assert.That(minEigen, Is.GreaterThanOrEqualTo(-Exact * Math.Max(1.0, sigma.Trace())));
                for (int i = 0; i < set.FeatureCount; i++)
                    for (int j = 0; j < set.FeatureCount; j++)
                        Assert.That(Math.Abs(sigma[i, j]), Is.LessThanOrEqualTo(Math.Sqrt(sigma[i, i] * sigma[j, j]) + Exact));
            }
        }));
    }

    [Test]
    public void Sigma_DiagonalEqualsTokenMass_ForPresence_AndCooccurrenceIsSigmaRowOverMass()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            var population = spec.Build();
            var set = SignatureSet.Compute(population, FeatureMap.Presence(population.VocabularySize));
            for (int s = 0; s < set.FeatureCount; s++)
            {
                // b_s^2 = b_s for a 0/1 feature.
                Assert.That(set.Sigma[s, s], Is.EqualTo(set.TokenMass[s]).Within(Exact));
                var k = set.CooccurrenceSignature(s);
                if (!set.IsDefined(s)) { Assert.That(k, Is.Null); continue; }
                Assert.That(k![s], Is.EqualTo(1.0).Within(Exact), "a present token co-occurs with itself");
                for (int s2 = 0; s2 < set.FeatureCount; s2++)
                    Assert.That(k[s2], Is.EqualTo(set.Sigma[s, s2] / set.TokenMass[s]).Within(Exact));
            }
        }));
    }

    [Test]
    public void JointSignature_IsProbabilityVector_AndTFibreEqualsPairMassTimesCentredJoint()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            foreach (var set in BagSignatures(spec))
            {
                double u = 1.0 / set.ClassCount;
                for (int s = 0; s < set.FeatureCount; s++)
                    for (int s2 = 0; s2 < set.FeatureCount; s2++)
                    {
                        double pairMass = set.PairMass(s, s2);
                        var j = set.JointSignature(s, s2);
                        var fibre = set.T.Get(s, s2);
                        Assert.That(set.T.Contains(s, s2), Is.EqualTo(pairMass > 0), $"T stores exactly the co-occurring pairs ({s},{s2})");
                        if (j is null)
                        {
                            Assert.That(pairMass, Is.EqualTo(0.0));
                            Assert.That(fibre, Is.All.EqualTo(0.0));
                            continue;
                        }
                        Assert.That(j.Sum(), Is.EqualTo(1.0).Within(Exact));
                        Assert.That(j.Min(), Is.GreaterThanOrEqualTo(0.0));
                        for (int y = 0; y < set.ClassCount; y++)
                            Assert.That(fibre[y], Is.EqualTo(pairMass * (j[y] - u)).Within(Exact), $"T[{y},{s},{s2}]");
                    }
            }
        }));
    }

    [Test]
    public void OutputSignatureRows_SumToExpectedLengthGivenClass_ForCounts()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            var population = spec.Build();
            var set = SignatureSet.Compute(population, FeatureMap.Counts(population.VocabularySize));
            Assert.That(set.ClassMass.Sum(), Is.EqualTo(1.0).Within(Exact));
            for (int y = 0; y < set.ClassCount; y++)
            {
                var m = set.OutputSignature(y);
                if (!set.IsClassDefined(y))
                {
                    Assert.That(m, Is.Null);
                    Assert.That(set.OutputSignatures.Row(y).All(double.IsNaN));
                    continue;
                }
                // sum_s n_s(X) = |X|, so sum_s m_y(s) = E[|X| | Y = y], computed here directly.
                double expectedLength = population.Samples.Where(x => x.Label == y).Sum(x => x.Weight * x.Tokens.Count) / set.ClassMass[y];
                Assert.That(m!.Sum(), Is.EqualTo(expectedLength).Within(Exact));
            }
        }));
    }

    [Test]
    public void Relabel_PermutesEveryOutput()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.WithPermutations().ToArbitrary(), input =>
        {
            var (spec, tokenMap, labelMap) = input;
            var population = spec.Build();
            var renamed = population.Relabel(tokenMap, labelMap);
            foreach (var kind in BagKinds)
            {
                var before = SignatureSet.Compute(population, FeatureMap.For(kind, population));
                var after = SignatureSet.Compute(renamed, FeatureMap.For(kind, renamed));
                var centredBefore = SignatureSimilarity.Centred(before);
                var centredAfter = SignatureSimilarity.Centred(after);
                for (int s = 0; s < spec.VocabularySize; s++)
                {
                    int ps = tokenMap[s];
                    Assert.That(after.TokenMass[ps], Is.EqualTo(before.TokenMass[s]).Within(Exact));
                    for (int y = 0; y < spec.ClassCount; y++)
                    {
                        int py = labelMap[y];
                        Assert.That(after.A[py, ps], Is.EqualTo(before.A[y, s]).Within(Exact), $"A[{y},{s}]");
                        Assert.That(after.LabelSignatures[ps, py], Is.EqualTo(before.LabelSignatures[s, y]).Within(Exact).Or.NaN);
                        Assert.That(after.OutputSignatures[py, ps], Is.EqualTo(before.OutputSignatures[y, s]).Within(Exact).Or.NaN);
                    }
                    for (int s2 = 0; s2 < spec.VocabularySize; s2++)
                    {
                        int ps2 = tokenMap[s2];
                        Assert.That(after.Sigma[ps, ps2], Is.EqualTo(before.Sigma[s, s2]).Within(Exact));
                        Assert.That(centredAfter[ps, ps2], Is.EqualTo(centredBefore[s, s2]).Within(Exact).Or.NaN);
                        for (int y = 0; y < spec.ClassCount; y++)
                            Assert.That(after.T[labelMap[y], ps, ps2], Is.EqualTo(before.T[y, s, s2]).Within(Exact));
                    }
                }
            }
        }));
    }

    [Test]
    public void PresenceEqualsCounts_WhenNoSequenceRepeatsAToken()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.WithoutRepeats().ToArbitrary(), spec =>
        {
            var population = spec.Build();
            var counts = SignatureSet.Compute(population, FeatureMap.Counts(population.VocabularySize));
            var presence = SignatureSet.Compute(population, FeatureMap.Presence(population.VocabularySize));
            Assert.That((counts.A - presence.A).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
            Assert.That((counts.Sigma - presence.Sigma).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
            Assert.That(counts.TokenMass, Is.EqualTo(presence.TokenMass).Within(Exact));
        }));
    }

    [Test]
    public void PresenceDiffersFromCounts_WhenASequenceRepeatsAToken()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.WithRepeat().ToArbitrary(), spec =>
        {
            var population = spec.Build();
            var counts = SignatureSet.Compute(population, FeatureMap.Counts(population.VocabularySize));
            var presence = SignatureSet.Compute(population, FeatureMap.Presence(population.VocabularySize));
            // The first sequence repeats some token s with positive weight, so E[n_s] > E[b_s].
            var repeated = spec.Samples[0].Tokens.GroupBy(t => t).First(g => g.Count() > 1).Key;
            Assert.That(counts.TokenMass[repeated], Is.GreaterThan(presence.TokenMass[repeated] + Exact));
            Assert.That(counts.Sigma[repeated, repeated], Is.GreaterThan(presence.Sigma[repeated, repeated] + Exact));
        }));
    }

    [Test]
    public void CountsA_EqualsSumOfPositionBlocks_OfPositionResolvedA()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.FixedLength().ToArbitrary(), spec =>
        {
            var population = spec.Build();
            int v = population.VocabularySize, length = spec.Samples[0].Tokens.Length;
            var counts = SignatureSet.Compute(population, FeatureMap.Counts(v));
            var positional = SignatureSet.Compute(population, FeatureMap.For(FeatureKind.PositionResolved, population));
            Assert.That(positional.FeatureCount, Is.EqualTo(length * v));
            // n_s(X) = sum_p 1{x_p = s}, and A is linear in phi.
            var summed = Matrix<double>.Build.Dense(counts.ClassCount, v);
            for (int p = 0; p < length; p++) summed += positional.A.SubMatrix(0, counts.ClassCount, p * v, v);
            Assert.That((summed - counts.A).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
        }));
    }

    [Test]
    public void EmpiricalPopulation_OfRepeatedSamples_EqualsExactPopulationWithThoseCounts()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            // Exact and sampled data share one code path: N draws that realise the integer
            // weights exactly must give the exact population's signatures.
            var exact = spec.Build();
            var drawn = Population.Empirical(spec.VocabularySize, spec.ClassCount,
                spec.Samples.SelectMany(s => Enumerable.Repeat(((IReadOnlyList<int>)s.Tokens, s.Label), s.Weight)));
            foreach (var kind in BagKinds)
            {
                var a = SignatureSet.Compute(exact, FeatureMap.For(kind, exact));
                var b = SignatureSet.Compute(drawn, FeatureMap.For(kind, drawn));
                Assert.That((a.A - b.A).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
                Assert.That((a.Sigma - b.Sigma).FrobeniusNorm(), Is.LessThanOrEqualTo(Exact));
            }
        }), cases: 50);
    }
}
