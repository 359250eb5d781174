using NUnit.Framework;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;

namespace ProbSig.Tests.Properties.Theory.Flow;

/// <summary>The prediction `predict` and `train` read is the closed form of THEORY 3.1 on the
/// population's own signatures, bit for bit.</summary>
[TestFixture]
public sealed class LinearRegimePredictionProperties
{
    [Test]
    public void Prediction_IsTheFlowOfTheSignatures_AndItsTStar()
    {
        var population = FlowTestData.RandomPopulation(6, 3, 12, seed: 5);
        var features = FeatureMap.Counts(population.VocabularySize);
        var init = InitScale.FromStd(1e-3, 64);
        var prediction = LinearRegimePrediction.Compute(population, features, init);

        var flow = new LinearFlow(SignatureSet.Compute(population, features).A);
        Assert.That(prediction.Sigma1, Is.EqualTo(flow.Sigma1));
        Assert.That(prediction.HasEndOfLinearRegime, Is.True);
        Assert.That(prediction.EndOfLinearRegime, Is.EqualTo(flow.EndOfLinearRegime(init)));
        var time = FlowTime.Continuous(prediction.EndOfLinearRegime);
        Assert.That(prediction.EmbeddingCosine(time).ToArray(), Is.EqualTo(flow.EmbeddingCosine(time).ToArray()));
    }

    [Test]
    public void LargeInitialisation_HasNoLinearRegime_AndNaNTStar()
    {
        var population = FlowTestData.RandomPopulation(5, 2, 8, seed: 1);
        var prediction = LinearRegimePrediction.Compute(population, FeatureMap.Counts(population.VocabularySize), InitScale.FromStd(1.0, 4));
        Assert.That(prediction.HasEndOfLinearRegime, Is.False);
        Assert.That(prediction.EndOfLinearRegime, Is.NaN);
    }
}
