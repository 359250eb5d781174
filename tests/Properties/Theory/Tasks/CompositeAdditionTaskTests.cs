using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Tests.Properties.Support;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Properties.Theory.Tasks;

/// <summary>The composite addition task (THEORY 5): layout, distribution, label rules, sampling.</summary>
[TestFixture]
public sealed class CompositeAdditionTaskTests
{
    /// <summary>Probabilities are products and quotients of at most a few hundred small integers.</summary>
    private const double Exact = 1e-12;

    private static readonly int[] DefaultValues = [5, 1, -2, -8];

    private static Gen<int[]> DefaultTuple => Gen.ArrayOf(Gen.Choose(0, 3), 2);

    [Test]
    public void DefaultTask_HasNumbersThenAnchors_AsTokensAndNumbersAsClasses()
    {
        var task = CompositeAdditionTask.Create(new CompositeAdditionConfig());
        Assert.That(task.VocabularySize, Is.EqualTo(104));
        Assert.That(task.ClassCount, Is.EqualTo(100));
        Assert.That(task.SequenceLength, Is.EqualTo(3));
        Assert.That(task.TokenNames, Has.Count.EqualTo(104));
        Assert.That(task.TokenNames[0], Is.EqualTo("0"));
        Assert.That(task.TokenNames[99], Is.EqualTo("99"));
        Assert.That(task.TokenNames.Skip(100), Is.EqualTo(new[] { "A1", "A2", "A3", "A4" }));
        Assert.That(task.ClassNames, Is.EqualTo(Enumerable.Range(0, 100).Select(i => i.ToString())));
        Assert.That(task.KeyTokens, Is.EqualTo(Enumerable.Range(20, 40)));
        Assert.That(task.AnchorTokens, Is.EqualTo(new[] { 100, 101, 102, 103 }));
        Assert.That(task.AnchorToken(2), Is.EqualTo(102));
        Assert.Throws<ArgumentOutOfRangeException>(() => task.AnchorToken(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => task.LabelOf(19, [0, 0]));
        Assert.Throws<ArgumentException>(() => task.LabelOf(30, [0, 4]));
    }

    [Test]
    public void DefaultTask_Has640EqualCombinations_LabelledKeyPlusAnchorSum()
    {
        var task = CompositeAdditionTask.Create(new CompositeAdditionConfig());
        var samples = task.Population.Samples;
        Assert.That(samples, Has.Count.EqualTo(640));
        Assert.That(samples.Select(s => string.Join(",", s.Tokens)).Distinct().Count(), Is.EqualTo(640));
        foreach (var s in samples)
        {
            Assert.That(s.Weight, Is.EqualTo(1.0 / 640).Within(Exact));
            Assert.That(s.Tokens, Has.Count.EqualTo(3));
            int key = s.Tokens[0];
            Assert.That(key, Is.InRange(20, 59));
            int[] anchors = [s.Tokens[1] - 100, s.Tokens[2] - 100];
            Assert.That(s.Label, Is.EqualTo(key + DefaultValues[anchors[0]] + DefaultValues[anchors[1]]));
            Assert.That(s.Label, Is.EqualTo(task.LabelOf(key, anchors)));
        }
        // Extremes by hand: 20 - 8 - 8 = 4 and 59 + 5 + 5 = 69.
        Assert.That(samples.Min(s => s.Label), Is.EqualTo(4));
        Assert.That(samples.Max(s => s.Label), Is.EqualTo(69));
    }

    [Test]
    public void RandomTask_CombinationProbability_IsNormalisedKeyWeightTimesNormalisedAnchorWeight()
    {
        PropertyCheck.Run(Prop.ForAll(TaskGenerators.Any().ToArbitrary(), spec =>
        {
            var task = CompositeAdditionTask.Create(spec.Config());
            double keyTotal = spec.KeyWeights.Sum();
            int tuples = spec.TupleCount;
            var seen = 0;
            foreach (var s in task.Population.Samples)
            {
                int k = s.Tokens[0] - spec.KeyMin;
                var anchors = s.Tokens.Skip(1).Select(t => t - spec.Numbers).ToArray();
                double anchorTotal = spec.AnchorWeights.Skip(k * tuples).Take(tuples).Sum();
                double expected = spec.KeyWeights[k] / keyTotal * spec.AnchorWeights[k * tuples + spec.TupleIndex(anchors)] / anchorTotal;
                Assert.That(s.Weight, Is.EqualTo(expected).Within(Exact), spec.ToString());
                Assert.That(s.Label, Is.EqualTo(s.Tokens[0] + anchors.Sum(a => spec.AnchorValues[a])));
                seen++;
            }
            // Every combination of a key with positive weight appears exactly once.
            Assert.That(seen, Is.EqualTo(spec.KeyWeights.Count(w => w > 0) * tuples));
        }), cases: 60);
    }

    [Test]
    public void SumModulo_WrapsLabelsInsteadOfFailing()
    {
        var config = new CompositeAdditionConfig { KeyMin = 0, KeyMax = 99, Label = LabelRule.SumModulo };
        var task = CompositeAdditionTask.Create(config);
        Assert.That(task.LabelOf(99, [0, 0]), Is.EqualTo(9), "99 + 10 wraps to 9");
        Assert.That(task.LabelOf(0, [3, 3]), Is.EqualTo(84), "0 - 16 wraps to 84");
        Assert.That(task.LabelOf(50, [0, 1]), Is.EqualTo(56), "in-range sums are unchanged");
        Assert.Throws<TaskConfigurationException>((config with { Label = LabelRule.Sum }).Validate);
        PropertyCheck.Run(Prop.ForAll(Gen.Choose(0, 99).ToArbitrary(), DefaultTuple.ToArbitrary(), (key, anchors) =>
        {
            int raw = key + DefaultValues[anchors[0]] + DefaultValues[anchors[1]];
            int label = task.LabelOf(key, anchors);
            return label >= 0 && label < 100 && (label - raw) % 100 == 0;
        }));
    }

    [Test]
    public void PairOverride_ChangesExactlyTheLabelsOfThatTuple()
    {
        var plain = CompositeAdditionTask.Create(new CompositeAdditionConfig());
        // Offsets in -20..40 keep k + offset inside 0..99 for every key 20..59.
        PropertyCheck.Run(Prop.ForAll(DefaultTuple.ToArbitrary(), Gen.Choose(-20, 40).ToArbitrary(), (tuple, offset) =>
        {
            var task = CompositeAdditionTask.Create(new CompositeAdditionConfig { Overrides = [new PairOverride(tuple, offset)] });
            for (int key = 20; key <= 59; key++)
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 4; b++)
                    {
                        bool overridden = a == tuple[0] && b == tuple[1];
                        int expected = overridden ? key + offset : plain.LabelOf(key, [a, b]);
                        Assert.That(task.LabelOf(key, [a, b]), Is.EqualTo(expected), $"key {key} anchors ({a},{b})");
                    }
            // The population carries the same labels and the same (uniform) weights.
            Assert.That(task.Population.Samples.Select(s => s.Label),
                Is.EqualTo(task.Population.Samples.Select(s => task.LabelOf(s.Tokens[0], [s.Tokens[1] - 100, s.Tokens[2] - 100]))));
        }), cases: 30);
    }

    [Test]
    public void PairOverride_IsOrdered_SoTheReversedTupleKeepsTheSum()
    {
        // An override names an ordered tuple: (A4, A3) is the exception, (A3, A4) keeps the sum.
        var task = CompositeAdditionTask.Create(new CompositeAdditionConfig { Overrides = [new PairOverride([3, 2], -6)] });
        Assert.That(task.LabelOf(40, [3, 2]), Is.EqualTo(34));
        Assert.That(task.LabelOf(40, [2, 3]), Is.EqualTo(30));
    }

    [Test]
    public void Sample_IsDeterministicPerSeed_FollowsTheLabelRule_AndNeverContainsHeldOut()
    {
        (int, IReadOnlyList<int>)[] heldOut = [(30, [0, 1]), (31, [2, 2]), (59, [3, 0])];
        var task = CompositeAdditionTask.Create(new CompositeAdditionConfig { HeldOut = heldOut });
        Assert.That(task.Population.Samples, Has.Count.EqualTo(640), "held-out combinations stay in the exact population");
        Assert.That(task.TrainingDistribution.Samples, Has.Count.EqualTo(637));
        Assert.That(task.TrainingDistribution.Samples.Sum(s => s.Weight), Is.EqualTo(1.0).Within(Exact));
        var a = task.Sample(2000, seed: 7);
        var b = task.Sample(2000, seed: 7);
        var c = task.Sample(2000, seed: 8);
        string Key(ProbSig.Theory.Populations.Population p) => string.Join(";", p.Samples.Select(s => string.Join(",", s.Tokens) + ">" + s.Label));
        Assert.That(Key(a), Is.EqualTo(Key(b)), "same seed, same draws");
        Assert.That(Key(a), Is.Not.EqualTo(Key(c)), "another seed, other draws");
        Assert.That(a.Samples, Has.Count.EqualTo(2000));
        Assert.That(a.IsEmpirical);
        var held = heldOut.Select(h => $"{h.Item1},{h.Item2[0] + 100},{h.Item2[1] + 100}").ToHashSet();
        foreach (var s in a.Samples)
        {
            Assert.That(held, Does.Not.Contain(string.Join(",", s.Tokens)));
            Assert.That(s.Label, Is.EqualTo(task.LabelOf(s.Tokens[0], [s.Tokens[1] - 100, s.Tokens[2] - 100])));
        }
    }

    [Test]
    public void Create_CopiesTheConfiguration_SoLaterChangesToCallerListsDoNotReachTheTask()
    {
        var values = new List<int> { 5, 1, -2, -8 };
        var task = CompositeAdditionTask.Create(new CompositeAdditionConfig { AnchorValues = values });
        values[0] = 40;
        Assert.That(task.Config.AnchorValues[0], Is.EqualTo(5));
        Assert.That(task.LabelOf(59, [0, 0]), Is.EqualTo(69));
    }
}
