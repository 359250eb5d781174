using NUnit.Framework;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Properties.Theory.Tasks;

/// <summary>Every validation rule of THEORY 5 raises a TaskConfigurationException naming its parameter.</summary>
[TestFixture]
public sealed class CompositeAdditionConfigTests
{
    private static readonly CompositeAdditionConfig Default = new();

    private static IEnumerable<TestCaseData> InvalidConfigs()
    {
        TestCaseData Case(string name, CompositeAdditionConfig config, string parameter, string value) =>
            new TestCaseData(config, parameter, value).SetName($"Validate_Rejects{name}_Naming{string.Concat(parameter.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))}");

        yield return Case("ZeroNumbers", Default with { Numbers = 0, KeyMin = 0, KeyMax = 0 }, TaskParameter.Numbers, "0");
        yield return Case("NegativeNumbers", Default with { Numbers = -3 }, TaskParameter.Numbers, "-3");
        yield return Case("KeyMinAboveKeyMax", Default with { KeyMin = 60, KeyMax = 59 }, TaskParameter.KeyRange, "[60,59]");
        yield return Case("KeyRangeAboveNumbers", Default with { KeyMax = 120 }, TaskParameter.KeyRange, "[20,120]");
        yield return Case("NegativeKey", Default with { KeyMin = -1 }, TaskParameter.KeyRange, "[-1,59]");
        yield return Case("DuplicateAnchorValues", Default with { AnchorValues = [5, 5, 1] }, TaskParameter.AnchorValues, "[5,5,1]");
        yield return Case("EmptyAnchorValues", Default with { AnchorValues = [] }, TaskParameter.AnchorValues, "[]");
        yield return Case("ZeroAnchorPositions", Default with { AnchorPositions = 0 }, TaskParameter.AnchorPositions, "0");
        yield return Case("TooManyCombinations", Default with { AnchorPositions = 12 }, TaskParameter.AnchorPositions, "12");
        yield return Case("LabelAboveRange", Default with { KeyMax = 95 }, TaskParameter.Label, "100");
        yield return Case("LabelBelowRange", Default with { KeyMin = 10 }, TaskParameter.Label, "-6");
        yield return Case("UnknownLabelRule", Default with { Label = (LabelRule)7 }, TaskParameter.Label, "7");
        yield return Case("OverrideUnknownAnchor", Default with { Overrides = [new PairOverride([0, 7], 3)] }, TaskParameter.Overrides, "(0,7)");
        yield return Case("OverrideWrongLength", Default with { Overrides = [new PairOverride([0], 3)] }, TaskParameter.Overrides, "(0)");
        yield return Case("OverrideGivenTwice", Default with { Overrides = [new PairOverride([1, 2], 3), new PairOverride([1, 2], 4)] }, TaskParameter.Overrides, "(1,2)");
        yield return Case("OverrideLabelOutOfRange", Default with { Overrides = [new PairOverride([1, 2], 60)] }, TaskParameter.Overrides, "(1,2)");
        yield return Case("KeyWeightsWrongCount", Default with { KeyWeights = [1.0, 2.0] }, TaskParameter.KeyWeights, "2 weights");
        yield return Case("KeyWeightsAllZero", Default with { KeyWeights = new double[40] }, TaskParameter.KeyWeights, "0");
        yield return Case("KeyWeightNegative", Default with { KeyWeights = Enumerable.Repeat(1.0, 39).Append(-1.0).ToArray() }, TaskParameter.KeyWeights, "-1");
        yield return Case("KeyWeightNaN", Default with { KeyWeights = Enumerable.Repeat(double.NaN, 40).ToArray() }, TaskParameter.KeyWeights, "NaN");
        yield return Case("KeyWeightsOverflowToInfinity", Default with { KeyWeights = Enumerable.Repeat(double.MaxValue, 40).ToArray() }, TaskParameter.KeyWeights, "Infinity");
        yield return Case("AnchorWeightInfinite", Default with { AnchorWeight = (k, a) => double.PositiveInfinity }, TaskParameter.AnchorWeight, "Infinity");
        yield return Case("AnchorWeightNegative", Default with { AnchorWeight = (k, a) => a[0] == 1 ? -1.0 : 1.0 }, TaskParameter.AnchorWeight, "-1");
        yield return Case("AnchorWeightZeroForAKey", Default with { AnchorWeight = (k, a) => k == 30 ? 0.0 : 1.0 }, TaskParameter.AnchorWeight, "0");
        yield return Case("HeldOutEverything", Default with { KeyMin = 20, KeyMax = 20, AnchorValues = [1], AnchorPositions = 1, HeldOut = [(20, [0])] }, TaskParameter.HeldOut, "[(20; (0))]");
        yield return Case("HeldOutUnknownKey", Default with { HeldOut = [(70, [0, 1])] }, TaskParameter.HeldOut, "(70; (0,1))");
        yield return Case("HeldOutUnknownAnchor", Default with { HeldOut = [(30, [0, 9])] }, TaskParameter.HeldOut, "(30; (0,9))");
    }

    [TestCaseSource(nameof(InvalidConfigs))]
    public void Validate_RaisesTaskConfigurationException_NamingParameterAndValue(CompositeAdditionConfig config, string parameter, string value)
    {
        var error = Assert.Throws<TaskConfigurationException>(config.Validate)!;
        Assert.That(error.Parameter, Is.EqualTo(parameter), error.Message);
        Assert.That(error.Value, Is.EqualTo(value), error.Message);
        Assert.That(error.ParamName, Is.EqualTo(parameter));
        Assert.That(error.Message, Does.StartWith(parameter + ": "));
        // Create validates too, so no invalid task can exist.
        Assert.Throws<TaskConfigurationException>(() => CompositeAdditionTask.Create(config));
    }

    [Test]
    public void DuplicateAnchorValues_MessageNamesValueAndList()
    {
        var error = Assert.Throws<TaskConfigurationException>((Default with { AnchorValues = [5, 5, 1] }).Validate)!;
        Assert.That(error.Message, Is.EqualTo("anchor values: duplicate value 5 in [5,5,1]"));
    }

    [Test]
    public void DefaultConfig_IsValid_AndSoIsSumModuloWithLabelsOutOfRange()
    {
        Assert.DoesNotThrow(Default.Validate);
        Assert.DoesNotThrow((Default with { KeyMin = 0, KeyMax = 99, Label = LabelRule.SumModulo }).Validate);
    }

    [Test]
    public void HeldOut_LeavingSomeCombinations_IsValid_EvenWhenItCoversAllOfSomeKeys()
    {
        var heldOut = Enumerable.Range(0, 16).Select(t => (25, (IReadOnlyList<int>)new[] { t / 4, t % 4 })).ToArray();
        Assert.DoesNotThrow((Default with { HeldOut = heldOut }).Validate);
    }
}
