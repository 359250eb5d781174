using NUnit.Framework;
using ProbSig.Empirics.LanguageModels.Training;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

[TestFixture]
public sealed class LearningRateScheduleTests
{
    private static readonly LmTrainingConfig Config = new() { Steps = 110, WarmupSteps = 10, LearningRate = 1e-3, MinLearningRateRatio = 0.1 };

    [Test]
    public void WarmUp_RisesLinearlyToThePeak()
    {
        Assert.That(Config.LearningRateAt(1), Is.EqualTo(1e-4).Within(1e-15));
        Assert.That(Config.LearningRateAt(5), Is.EqualTo(5e-4).Within(1e-15));
        Assert.That(Config.LearningRateAt(10), Is.EqualTo(1e-3).Within(1e-15));
    }

    [Test]
    public void Cosine_IsHalfwayAtTheMiddleAndEndsAtTheFloor()
    {
        // Decay phase: 100 steps after warm-up; p = 0.5 at step 60 gives (lr + floor) / 2.
        Assert.That(Config.LearningRateAt(60), Is.EqualTo((1e-3 + 1e-4) / 2).Within(1e-15));
        Assert.That(Config.LearningRateAt(110), Is.EqualTo(1e-4).Within(1e-15));
        // p = 0.25: floor + (lr - floor) (1 + cos(pi/4)) / 2.
        Assert.That(Config.LearningRateAt(35), Is.EqualTo(1e-4 + 9e-4 * (1 + Math.Sqrt(0.5)) / 2).Within(1e-15));
    }

    [Test]
    public void Schedule_NeverIncreasesAfterWarmUp()
    {
        for (int s = 11; s < 110; s++) Assert.That(Config.LearningRateAt(s + 1), Is.LessThanOrEqualTo(Config.LearningRateAt(s)));
    }

    [Test]
    public void NoWarmUp_StartsAtThePeak()
    {
        var c = Config with { WarmupSteps = 0 };
        Assert.That(c.LearningRateAt(1), Is.EqualTo(1e-4 + 9e-4 * (1 + Math.Cos(Math.PI / 110)) / 2).Within(1e-15));
    }

    [Test]
    public void Validate_NamesTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => (Config with { WarmupSteps = 200 }).Validate());
        Assert.That(e!.ParamName, Is.EqualTo("WarmupSteps"));
        e = Assert.Throws<ArgumentException>(() => (Config with { DType = TorchSharp.torch.ScalarType.BFloat16 }).Validate());
        Assert.That(e!.ParamName, Is.EqualTo("DType"));
        e = Assert.Throws<ArgumentException>(() => (Config with { Device = "tpu" }).Validate());
        Assert.That(e!.ParamName, Is.EqualTo("Device"));
        Assert.DoesNotThrow(() => (Config with { Device = "cuda:0", DType = TorchSharp.torch.ScalarType.BFloat16 }).Validate());
    }
}
