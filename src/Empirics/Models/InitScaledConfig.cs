using ProbSig.Theory.Flow;

namespace ProbSig.Empirics.Models;

/// <summary>
/// The initial scale every model config carries (THEORY 3.1): a std s, or a rate gamma with
/// s = width^-gamma, or neither for the family's default. Written once so that the rule and
/// its check (<see cref="InitScale.Resolve"/>) are the same for every family and entry point;
/// each family says only which width gamma refers to and what its default is.
/// </summary>
public abstract record InitScaledConfig
{
    /// <summary>Initial std s of every weight; set this or <see cref="Gamma"/>, not both;
    /// neither means the family's default.</summary>
    public double? InitStd { get; init; }

    /// <summary>Initialisation rate: s = width^(-Gamma). Gamma &gt; 1/2 is the small-init regime.</summary>
    public double? Gamma { get; init; }

    /// <summary>The width d that <see cref="Gamma"/> is a power of.</summary>
    protected abstract int InitWidth { get; }

    /// <summary>The family's std when neither <see cref="InitStd"/> nor <see cref="Gamma"/> is set.</summary>
    protected abstract double DefaultStd { get; }

    /// <summary>The initial scale these settings ask for, checked by <see cref="InitScale"/> (a
    /// method, not a property, so that printing an invalid config does not throw).</summary>
    /// <exception cref="ArgumentException">Both InitStd and Gamma are set, or one is out of range.</exception>
    public InitScale ResolveInit() => InitScale.Resolve(InitStd, Gamma, InitWidth, DefaultStd);
}
