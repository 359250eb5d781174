using System.Globalization;

namespace ProbSig.Theory.Flow;

/// <summary>
/// The initial scale of a model (THEORY 3): every weight entry is drawn iid
/// N(0, Std^2), with the embedding width d = <see cref="Width"/>. The scale is given
/// either as the std itself or as the initialisation rate gamma, std = d^(-gamma).
/// Only the product d s^2 (<see cref="WidthTimesVariance"/>) enters the expected Gram
/// matrices of the linear regime; gamma &gt; 1/2 is the small-initialisation regime.
/// This is the one place an init scale is checked: the model configs of every family, the
/// command line and the predictions all build it through <see cref="FromStd"/>,
/// <see cref="FromGamma"/> or <see cref="Resolve"/>.
/// Time does not enter this type; the flows that consume it measure t in flow time
/// (gradient descent step k with step eta corresponds to t = k * eta).
/// </summary>
public sealed record InitScale
{
    /// <summary>Standard deviation s of every initial weight entry (positive, finite).</summary>
    public double Std { get; }

    /// <summary>Embedding width d (at least 1).</summary>
    public int Width { get; }

    /// <summary>The rate gamma when the scale was given as s = d^(-gamma); null when given as a std.</summary>
    public double? Gamma { get; }

    /// <summary>d s^2: the expected squared norm of one token's initial embedding, the
    /// prefactor of every expected Gram matrix.</summary>
    public double WidthTimesVariance => Width * Std * Std;

    private InitScale(double std, int width, double? gamma)
    {
        Std = std;
        Width = width;
        Gamma = gamma;
    }

    /// <summary>An initial scale given by its standard deviation.</summary>
    /// <exception cref="ArgumentException">The std is not positive and finite (named "std"), or the width is below 1.</exception>
    public static InitScale FromStd(double std, int width)
    {
        ValidateWidth(width);
        if (!double.IsFinite(std) || std <= 0)
            throw new ArgumentException(Invariant($"the init std is {std}; it must be positive and finite"), nameof(std));
        return new InitScale(std, width, null);
    }

    /// <summary>An initial scale given by its rate: s = width^(-gamma).</summary>
    /// <exception cref="ArgumentException">Gamma is not finite (named "gamma"), the width is below 1, or
    /// the resulting std under- or overflows.</exception>
    public static InitScale FromGamma(double gamma, int width)
    {
        ValidateWidth(width);
        if (!double.IsFinite(gamma))
            throw new ArgumentException(Invariant($"the init rate gamma is {gamma}; it must be finite"), nameof(gamma));
        double std = Math.Pow(width, -gamma);
        // A huge |gamma| could round s to 0 or infinity; refuse rather than carry a degenerate scale.
        if (!double.IsFinite(std) || std <= 0)
            throw new ArgumentException(Invariant($"gamma = {gamma} with width {width} gives std {std}, which is not positive and finite"), nameof(gamma));
        return new InitScale(std, width, gamma);
    }

    /// <summary>
    /// The scale a model config or a command line asks for: the std, or the rate gamma, or
    /// neither, which means <paramref name="familyDefaultStd"/> (each model family defines
    /// its default once, beside its config).
    /// </summary>
    /// <exception cref="ArgumentException">Both are given (named "gamma"), or one is out of range
    /// (named "std" or "gamma"), or the width is below 1.</exception>
    public static InitScale Resolve(double? std, double? gamma, int width, double familyDefaultStd)
    {
        if (std is { } s && gamma is { } g)
            throw new ArgumentException(Invariant($"both an init std ({s}) and a rate gamma ({g}) are given; give one: the std, or gamma for std = width^(-gamma)"), nameof(gamma));
        return gamma is { } rate ? FromGamma(rate, width) : FromStd(std ?? familyDefaultStd, width);
    }

    private static void ValidateWidth(int width)
    {
        if (width < 1)
            throw new ArgumentException($"the embedding width must be at least 1; got {width}", nameof(width));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
