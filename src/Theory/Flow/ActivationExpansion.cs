namespace ProbSig.Theory.Flow;

/// <summary>
/// The first two Taylor coefficients of an activation at 0, act(x) = c1 x + c2 x^2 + O(x^3)
/// (THEORY 3.3): all the truncated small-init flow of the embedding MLP needs. c1 scales
/// time in the leading order; c2 is the only way the joint signature T enters at the next
/// order. ReLU has no such expansion (it is not differentiable at 0) and is refused.
/// </summary>
/// <param name="Name">Lower-case name, e.g. "gelu".</param>
/// <param name="C1">act'(0).</param>
/// <param name="C2">act''(0) / 2.</param>
public sealed record ActivationExpansion(string Name, double C1, double C2)
{
    /// <summary>tanh x = x - x^3/3 + ...: (1, 0); the joint-signature term vanishes.</summary>
    public static ActivationExpansion Tanh { get; } = new("tanh", 1.0, 0.0);

    /// <summary>Exact GELU x Phi(x) = x/2 + x^2/sqrt(2 pi) + O(x^4): (1/2, 1/sqrt(2 pi)).</summary>
    public static ActivationExpansion Gelu { get; } = new("gelu", 0.5, 1.0 / Math.Sqrt(2 * Math.PI));

    /// <summary>SiLU x sigmoid(x) = x/2 + x^2/4 + O(x^4): (1/2, 1/4).</summary>
    public static ActivationExpansion Silu { get; } = new("silu", 0.5, 0.25);

    /// <summary>The expansion of a named activation (tanh, gelu, silu; case-insensitive).</summary>
    /// <exception cref="ArgumentException">ReLU (no expansion at 0) or an unknown name.</exception>
    public static ActivationExpansion ForName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "tanh" => Tanh,
            "gelu" => Gelu,
            "silu" => Silu,
            "relu" => throw new ArgumentException(
                "ReLU has no Taylor expansion at 0 (its derivative jumps there), so the truncated small-init flow does not apply; ReLU is covered empirically only", nameof(name)),
            _ => throw new ArgumentException($"unknown activation '{name}'; the truncated flow knows tanh, gelu and silu", nameof(name)),
        };
    }

    /// <summary>The same activation with c2 = 0: the leading order, whose flow is the linear one with time scaled by c1.</summary>
    public ActivationExpansion LeadingOrder => this with { Name = Name + " (leading order)", C2 = 0.0 };
}
