using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Tests.Properties.Theory.Populations;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Properties.Theory.Signatures;

/// <summary>Signature similarity (THEORY 2): centred cos(A_i, A_j) and uncentred cos(l_i, l_j).</summary>
[TestFixture]
public sealed class SignatureSimilarityProperties
{
    /// <summary>Cosines of short vectors built from at most 8 samples: round-off near 1e-15.</summary>
    private const double Exact = 1e-12;

    private static SignatureSet Counts(Population population) => SignatureSet.Compute(population, FeatureMap.Counts(population.VocabularySize));

    [Test]
    public void CentredCosine_IsSymmetricWithUnitDiagonal_AndNaNExactlyForUndefinedTokens()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            var set = Counts(spec.Build());
            foreach (var cos in new[] { SignatureSimilarity.Centred(set), SignatureSimilarity.Uncentred(set) })
                for (int i = 0; i < set.FeatureCount; i++)
                    for (int j = 0; j < set.FeatureCount; j++)
                    {
                        bool defined = set.IsDefined(i) && set.IsDefined(j);
                        Assert.That(double.IsNaN(cos[i, j]), Is.EqualTo(!defined), $"({i},{j})");
                        if (!defined) continue;
                        Assert.That(cos[i, j], Is.EqualTo(cos[j, i]).Within(Exact));
                        Assert.That(cos[i, j], Is.InRange(-1.0, 1.0));
                        if (i == j) Assert.That(cos[i, j], Is.EqualTo(1.0));
                    }
        }));
    }

    [Test]
    public void CentredCosine_EqualsCosineOfCentredLabelSignatures()
    {
        PropertyCheck.Run(Prop.ForAll(PopulationGenerators.Any().ToArbitrary(), spec =>
        {
            var set = Counts(spec.Build());
            var centred = SignatureSimilarity.Centred(set);
            var uncentred = SignatureSimilarity.Uncentred(set);
            double u = 1.0 / set.ClassCount;
            for (int i = 0; i < set.FeatureCount; i++)
                for (int j = 0; j < set.FeatureCount; j++)
                {
                    var (li, lj) = (set.LabelSignature(i), set.LabelSignature(j));
                    if (li is null || lj is null || i == j) continue;
                    // cos(A_i, A_j) = cos(pi_i (l_i - u), pi_j (l_j - u)): the positive masses cancel.
                    var ci = li.Select(x => x - u).ToArray();
                    var cj = lj.Select(x => x - u).ToArray();
                    double ni = Norm(ci), nj = Norm(cj);
                    if (ni > 1e-9 && nj > 1e-9)
                        Assert.That(centred[i, j], Is.EqualTo(Dot(ci, cj) / (ni * nj)).Within(1e-9));
                    // Label signatures are non-negative, so the uncentred cosine is never negative.
                    Assert.That(uncentred[i, j], Is.EqualTo(Dot(li, lj) / (Norm(li) * Norm(lj))).Within(Exact));
                    Assert.That(uncentred[i, j], Is.GreaterThanOrEqualTo(0.0));
                }
        }));
    }

    [Test]
    public void Cosines_RestrictedToATokenSubset_EqualTheSubmatrixOfTheFullMatrix()
    {
        var gen = from spec in PopulationGenerators.Any()
                  from subset in Gen.Shuffle(Enumerable.Range(0, spec.VocabularySize).ToArray())
                  from size in Gen.Choose(1, spec.VocabularySize)
                  select (spec, subset.Take(size).ToArray());
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (spec, tokens) = input;
            var set = Counts(spec.Build());
            var pairs = new[]
            {
                (SignatureSimilarity.Centred(set), SignatureSimilarity.Centred(set, tokens)),
                (SignatureSimilarity.Uncentred(set), SignatureSimilarity.Uncentred(set, tokens)),
            };
            foreach (var (full, sub) in pairs)
            {
                Assert.That(sub.RowCount, Is.EqualTo(tokens.Length));
                for (int i = 0; i < tokens.Length; i++)
                    for (int j = 0; j < tokens.Length; j++)
                        Assert.That(sub[i, j], Is.EqualTo(full[tokens[i], tokens[j]]).Within(Exact).Or.NaN);
            }
        }));
    }

    [Test]
    public void CentredCosine_OfTokenWithUniformLabelSignature_IsZeroWithOthersAndOneWithItself()
    {
        // Token 0 appears once with each of the 3 classes (l_0 = u, A column zero); tokens 1
        // and 2 lean to class 0; token 3 never occurs (undefined).
        var population = Population.Exact(4, 3,
        [
            ([0, 1], 0, 1.0), ([0, 2], 1, 1.0), ([0], 2, 1.0), ([1, 2], 0, 1.0),
        ]);
        var set = Counts(population);
        var centred = SignatureSimilarity.Centred(set);
        Assert.That(set.A.Column(0).L2Norm(), Is.LessThan(1e-15));
        Assert.That(centred[0, 0], Is.EqualTo(1.0));
        Assert.That(centred[0, 1], Is.EqualTo(0.0));
        Assert.That(centred[2, 0], Is.EqualTo(0.0));
        Assert.That(centred[1, 2], Is.GreaterThan(0.0));
        Assert.That(double.IsNaN(centred[3, 0]) && double.IsNaN(centred[3, 3]), "undefined token 3 has no similarity");
        // Uncentred, the uniform token is simply similar to everything.
        Assert.That(SignatureSimilarity.Uncentred(set)[0, 1], Is.GreaterThan(0.5));
    }

    [Test]
    public void KeyDependentAnchorDistribution_GivingTwoKeysIdenticalLabelSignatures_MakesTheirCentredCosineOne()
    {
        // Key 30 draws (A1,A1) (sum 10) or (A1,A2) (sum 6); key 37 draws (A1,A3) (sum 3) or
        // (A2,A3) (sum -1), with the same weights alpha, beta. Both give 40 or 36 with the same
        // probabilities, so l_30 = l_37 and the centred cosine is exactly one. Other keys stay uniform.
        var weights = from alpha in Gen.Choose(1, 20) from beta in Gen.Choose(0, 20) select (alpha, beta);
        PropertyCheck.Run(Prop.ForAll(weights.ToArbitrary(), w =>
        {
            double Q(int key, IReadOnlyList<int> a) => key switch
            {
                30 => a[0] == 0 && a[1] == 0 ? w.alpha : a[0] == 0 && a[1] == 1 ? w.beta : 0.0,
                37 => a[0] == 0 && a[1] == 2 ? w.alpha : a[0] == 1 && a[1] == 2 ? w.beta : 0.0,
                _ => 1.0,
            };
            var task = CompositeAdditionTask.Create(new CompositeAdditionConfig { AnchorWeight = Q });
            var set = Counts(task.Population);
            Assert.That(set.LabelSignature(30), Is.EqualTo(set.LabelSignature(37)).Within(Exact));
            Assert.That(SignatureSimilarity.Centred(set, [30, 37])[0, 1], Is.EqualTo(1.0).Within(Exact));
        }), cases: 20);
        // Under the uniform default the two keys' signatures are shifted copies, not equal.
        var uniform = Counts(CompositeAdditionTask.Create(new CompositeAdditionConfig()).Population);
        Assert.That(SignatureSimilarity.Centred(uniform, [30, 37])[0, 1], Is.LessThan(0.5));
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
