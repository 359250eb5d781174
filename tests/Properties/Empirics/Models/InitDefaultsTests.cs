using NUnit.Framework;
using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Models;
using ProbSig.Theory.Flow;

namespace ProbSig.Tests.Properties.Empirics.Models;

/// <summary>One initial-scale default per model family, defined beside its config, whatever
/// the entry point (config, experiment spec, command line).</summary>
[TestFixture]
public sealed class InitDefaultsTests
{
    [Test]
    public void EachFamily_HasOneDefault_ThatEveryEntryPointUses()
    {
        Assert.That(new LinearModelConfig().ResolveInit(), Is.EqualTo(InitScale.FromStd(LinearModelConfig.DefaultInitStd, 64)));
        Assert.That(new FeedForwardModelConfig().ResolveInit(), Is.EqualTo(InitScale.FromStd(FeedForwardModelConfig.DefaultInitStd, 64)));
        Assert.That(new Qwen2Config().ResolveInit(), Is.EqualTo(InitScale.FromStd(Qwen2Config.DefaultInitStd, 896)));
        Assert.That(Qwen2Config.CpuTiny(300).ResolveInit().Std, Is.EqualTo(0.02), "transformers' initializer_range");
        Assert.That(new ModelSpec { Kind = ModelKind.Linear }.ResolveInit().Std, Is.EqualTo(LinearModelConfig.DefaultInitStd));
        Assert.That(new ModelSpec { Kind = ModelKind.HiddenLayerMlp }.ResolveInit().Std, Is.EqualTo(FeedForwardModelConfig.DefaultInitStd));
    }

    [Test]
    public void GivenScales_PassThroughTheSpec_AndBothAreRefusedByTheOneCheck()
    {
        Assert.That(new ModelSpec { Width = 16, Gamma = 0.75 }.ResolveInit(), Is.EqualTo(InitScale.FromGamma(0.75, 16)));
        Assert.That(new ModelSpec { InitStd = 0.2 }.ToString(), Does.Contain("std=0.2"));
        Assert.That(new ModelSpec { Gamma = 0.75 }.ToString(), Does.Contain("gamma=0.75"));
        Assert.That(new ModelSpec().ToString(), Does.Contain("std=0.001"));
        var both = Assert.Throws<ArgumentException>(() => new Qwen2Config { InitStd = 0.02, Gamma = 0.5 }.Validate())!;
        Assert.That(both.ParamName, Is.EqualTo("gamma"));
        Assert.That(() => new ModelSpec { InitStd = 0.1, Gamma = 1 }.ResolveInit(), Throws.ArgumentException.With.Message.Contain("both an init std"));
    }
}
