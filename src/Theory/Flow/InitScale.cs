namespace ProbSig.Theory.Flow;

/// <summary>
/// The initial scale of a linear model (THEORY 3): every weight entry is drawn iid
/// N(0, Std^2), with the embedding width d = <see cref="Width"/>. The scale is given
/// either as the std itself or as the initialisation rate gamma, std = d^(-gamma).
/// Only the product d s^2 (<see cref="WidthTimesVariance"/>) enters the expected Gram
/// matrices of the linear regime; gamma &gt; 1/2 is the small-initialisation regime.
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
    /// <exception cref="ArgumentException">The std is not positive and finite, or the width is below 1.</exception>
    public static InitScale FromStd(double std, int width)
    {
        ValidateWidth(width);
        if (!double.IsFinite(std) || std <= 0)
            throw new ArgumentException($"the init std must be positive and finite; got {std}", nameof(std));
        return new InitScale(std, width, null);
    }

    /// <summary>An initial scale given by its rate: s = width^(-gamma).</summary>
    /// <exception cref="ArgumentException">Gamma is not finite, the width is below 1, or
    /// the resulting std under- or overflows.</exception>
    public static InitScale FromGamma(double gamma, int width)
    {
        ValidateWidth(width);
        if (!double.IsFinite(gamma))
            throw new ArgumentException($"the init rate gamma must be finite; got {gamma}", nameof(gamma));
        double std = Math.Pow(width, -gamma);
        // A huge |gamma| could round s to 0 or infinity; refuse rather than carry a degenerate scale.
        if (!double.IsFinite(std) || std <= 0)
            throw new ArgumentException($"gamma = {gamma} with width {width} gives std {std}, which is not positive and finite", nameof(gamma));
        return new InitScale(std, width, gamma);
    }

    private static void ValidateWidth(int width)
    {
        if (width < 1)
            throw new ArgumentException($"the embedding width must be at least 1; got {width}", nameof(width));
    }
}
