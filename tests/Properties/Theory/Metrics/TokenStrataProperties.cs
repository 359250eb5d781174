using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Metrics;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Metrics;

/// <summary>Frequency bins (<see cref="TokenStrata"/>): consecutive in rank, of equal count
/// within one, the same whether the tokens come in rank order or are ranked by value.</summary>
[TestFixture]
public sealed class TokenStrataProperties
{
    [Test]
    public void ByRank_GivesConsecutiveBinsOfEqualCountWithinOne()
    {
        var gen = from tokens in Gen.Choose(1, 3000)
                  from strata in Gen.Choose(1, tokens)
                  select (Tokens: tokens, Strata: strata);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var s = TokenStrata.ByRank(t.Tokens, t.Strata);
            var sizes = s.GroupBy(x => x).Select(g => g.Count()).ToArray();
            return s.Length == t.Tokens
                && s.Select((x, i) => x == (int)((long)i * t.Strata / t.Tokens)).All(ok => ok)
                && s.Zip(s.Skip(1)).All(p => p.Second - p.First is 0 or 1)
                && s[0] == 0 && s[^1] == t.Strata - 1
                && sizes.Length == t.Strata && sizes.Max() - sizes.Min() <= 1;
        }));
    }

    [Test]
    public void ByRank_OfSixteenBinsOf1024Tokens_HasSixtyFourTokensEach()
    {
        var s = TokenStrata.ByRank(1024, 16);
        Assert.That(s.GroupBy(x => x).Select(g => g.Count()), Is.All.EqualTo(64));
        Assert.That(s[63], Is.EqualTo(0));
        Assert.That(s[64], Is.EqualTo(1));
    }

    [Test]
    public void ByValue_IsByRankOfTheDescendingOrder_TiesInIndexOrder()
    {
        var gen = from tokens in Gen.Choose(1, 200)
                  from strata in Gen.Choose(1, tokens)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (Tokens: tokens, Strata: strata, Seed: seed);
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            // Few distinct values, so ties are common.
            var rng = new Random(t.Seed);
            var values = Enumerable.Range(0, t.Tokens).Select(_ => (double)rng.Next(8)).ToArray();
            var s = TokenStrata.ByValue(values, t.Strata);
            var byRank = TokenStrata.ByRank(t.Tokens, t.Strata);
            // Rank of token i: tokens with larger values, then equal values at lower indices.
            return Enumerable.Range(0, t.Tokens).All(i =>
                s[i] == byRank[values.Count(v => v > values[i]) + Enumerable.Range(0, i).Count(k => values[k] == values[i])]);
        }));
    }

    [Test]
    public void ByValue_OfValuesInDescendingOrder_IsByRank()
    {
        var frequencies = Enumerable.Range(0, 100).Select(i => 1.0 / (i + 1)).ToArray();
        Assert.That(TokenStrata.ByValue(frequencies, 7), Is.EqualTo(TokenStrata.ByRank(100, 7)));
        Assert.That(TokenStrata.ByValue(frequencies.Reverse().ToArray(), 7), Is.EqualTo(TokenStrata.ByRank(100, 7).Reverse()));
    }

    [TestCase(0, 1, "tokens")]
    [TestCase(-3, 1, "tokens")]
    [TestCase(5, 0, "strata")]
    [TestCase(5, 6, "strata")]
    public void ByRank_RejectsAnEmptyBin_NamingTheParameter(int tokens, int strata, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TokenStrata.ByRank(tokens, strata));
        Assert.That(e!.ParamName, Is.EqualTo(parameter));
    }

    [Test]
    public void ByValue_RejectsNoTokens_TooManyStrata_AndNaN()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => TokenStrata.ByValue([], 1))!.ParamName, Is.EqualTo("values"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => TokenStrata.ByValue([1.0, 2.0], 3))!.ParamName, Is.EqualTo("strata"));
        Assert.That(Assert.Throws<ArgumentException>(() => TokenStrata.ByValue([1.0, double.NaN], 1))!.ParamName, Is.EqualTo("values"));
    }
}
