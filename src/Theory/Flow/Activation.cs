namespace ProbSig.Theory.Flow;

/// <summary>
/// An activation function as the theory sees it (THEORY 3.3): its name and its Taylor
/// coefficients at 0, act(x) = c1 x + c2 x^2 + c3 x^3 + O(x^4). The truncated small-init
/// flow of the embedding MLP needs c1 and c2: c1 scales time in the leading order, c2 is
/// the only way the joint signature T enters at the next order; c3 is the first neglected
/// term. Empirics maps each instance to its torch function, so the trained network and the
/// prediction read one description. ReLU has no expansion (it is not differentiable at 0):
/// its coefficients are NaN and <see cref="HasTaylorExpansion"/> is false.
/// </summary>
/// <param name="Name">Lower-case name, e.g. "gelu"; what the command line and reports use.</param>
/// <param name="C1">act'(0).</param>
/// <param name="C2">act''(0) / 2.</param>
/// <param name="C3">act'''(0) / 6.</param>
public sealed record Activation(string Name, double C1, double C2, double C3)
{
    /// <summary>tanh x = x - x^3/3 + ...: (1, 0, -1/3); the joint-signature term vanishes.</summary>
    public static Activation Tanh { get; } = new("tanh", 1.0, 0.0, -1.0 / 3.0);

    /// <summary>Exact GELU x Phi(x) = x/2 + x^2/sqrt(2 pi) + O(x^4): (1/2, 1/sqrt(2 pi), 0).</summary>
    public static Activation Gelu { get; } = new("gelu", 0.5, 1.0 / Math.Sqrt(2 * Math.PI), 0.0);

    /// <summary>SiLU x sigmoid(x) = x/2 + x^2/4 + O(x^4): (1/2, 1/4, 0).</summary>
    public static Activation Silu { get; } = new("silu", 0.5, 0.25, 0.0);

    /// <summary>ReLU max(0, x): no expansion at 0 (its derivative jumps there), so NaN
    /// coefficients; covered empirically only.</summary>
    public static Activation Relu { get; } = new("relu", double.NaN, double.NaN, double.NaN);

    /// <summary>The identity x: (1, 0, 0); an embedding MLP with it is the linear model.</summary>
    public static Activation Identity { get; } = new("identity", 1.0, 0.0, 0.0);

    /// <summary>Every named activation, in the order the command line lists them.</summary>
    public static IReadOnlyList<Activation> Known { get; } = [Tanh, Gelu, Silu, Relu, Identity];

    /// <summary>False for ReLU: no Taylor expansion at 0, so no truncated flow.</summary>
    public bool HasTaylorExpansion => double.IsFinite(C1) && double.IsFinite(C2) && double.IsFinite(C3);

    /// <summary>The activation of a name in <see cref="Known"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static Activation ForName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        return Known.FirstOrDefault(a => a.Name == key)
            ?? throw new ArgumentException($"unknown activation '{name}'; expected {string.Join(", ", Known.Select(a => a.Name))}", nameof(name));
    }

    /// <summary>The same activation with c2 = 0: the leading order, whose flow is the linear one with time scaled by c1.</summary>
    public Activation LeadingOrder => this with { Name = Name + " (leading order)", C2 = 0.0 };

    /// <summary>The name: what the command line and the reports show.</summary>
    public override string ToString() => Name;
}
