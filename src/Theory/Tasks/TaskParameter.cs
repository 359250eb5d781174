namespace ProbSig.Theory.Tasks;

/// <summary>
/// Names of the composite addition task's parameters as they appear in
/// <see cref="TaskConfigurationException.Parameter"/> (and in messages), so callers can
/// map an error back to an option without parsing text.
/// </summary>
public static class TaskParameter
{
    /// <summary>The number range N (number tokens 0..N-1).</summary>
    public const string Numbers = "numbers";
    /// <summary>The key range [KeyMin, KeyMax].</summary>
    public const string KeyRange = "key range";
    /// <summary>The anchor values v(A1)..v(Am).</summary>
    public const string AnchorValues = "anchor values";
    /// <summary>The number of anchor positions P.</summary>
    public const string AnchorPositions = "anchor positions";
    /// <summary>The key distribution's weights.</summary>
    public const string KeyWeights = "key weights";
    /// <summary>The anchor distribution q(a_1..a_P | k).</summary>
    public const string AnchorWeight = "anchor weight";
    /// <summary>The label function (a label leaving the number range, or an unknown rule).</summary>
    public const string Label = "label";
    /// <summary>The pair overrides.</summary>
    public const string Overrides = "overrides";
    /// <summary>The held-out combinations.</summary>
    public const string HeldOut = "held out";
}
