using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbSig.Theory.Populations;
using ProbSig.Tests.Properties.Support;

namespace ProbSig.Tests.Properties.Theory.Populations;

[TestFixture]
public sealed class PopulationProperties
{
    [Test]
    public void ExactPopulation_WeightsSumToOne()
    {
        var gen = from n in Gen.Choose(1, 8)
                  from ws in Gen.ArrayOf(Gen.Choose(1, 100), n)
                  select ws;
        PropertyCheck.Run(Prop.ForAll(gen.ToArbitrary(), ws =>
        {
            var pop = Population.Exact(3, 2, ws.Select((w, i) => ((IReadOnlyList<int>)new[] { i % 3 }, i % 2, (double)w)));
            return Math.Abs(pop.Samples.Sum(s => s.Weight) - 1.0) < 1e-12;
        }));
    }
}
