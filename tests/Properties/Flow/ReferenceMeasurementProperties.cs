using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;

namespace ProbSig.Tests.Properties.Flow;

/// <summary>THEORY 6: reference numbers of the default composite addition task, rebuilt here
/// with a few lines (the Tasks module is written elsewhere). t is flow time (t = k * eta).</summary>
[TestFixture]
public sealed class ReferenceMeasurementProperties
{
    // The reference prints sigma_1 to four digits: agreement to half a unit in the last one.
    private const double Sigma1Tol = 5e-5;

    [Test]
    public void DefaultAdditionTask_TopSingularValue_MatchesReference_AndTStarFallsNearFifty()
    {
        // Numbers 0..99, keys 20..59, anchors with values (+5, +1, -2, -8) as tokens 100..103,
        // sequences (k, a1, a2), label k + v(a1) + v(a2), all 40 x 16 combinations uniform.
        var values = new[] { 5, 1, -2, -8 };
        var samples = new List<(IReadOnlyList<int>, int, double)>();
        for (int k = 20; k < 60; k++)
            for (int a1 = 0; a1 < 4; a1++)
                for (int a2 = 0; a2 < 4; a2++)
                    samples.Add((new[] { k, 100 + a1, 100 + a2 }, k + values[a1] + values[a2], 1.0));
        var (a, _, _) = FlowTestData.Signatures(Population.Exact(104, 100, samples));
        var flow = new LinearFlow(a);
        TestContext.Out.WriteLine($"sigma_1 = {flow.Sigma1:F6}, sigma_2 = {flow.SingularValues[1]:F6}");
        Assert.That(flow.Sigma1, Is.EqualTo(0.1028).Within(Sigma1Tol));

        // d = 64, std 1e-3: t* = ln(2 / 6.4e-5) / (2 sigma_1), about 50, where the reference
        // sees the closed form still tracking (Pearson 0.93 at t = 50) and then falling.
        double tStar = flow.EndOfLinearRegime(InitScale.FromStd(1e-3, 64));
        TestContext.Out.WriteLine($"t* = {tStar:F3}");
        Assert.That(tStar, Is.InRange(45.0, 55.0));
        Assert.That(flow.EmbeddingCosine(60).Enumerate().All(double.IsFinite), Is.True);
    }
}
