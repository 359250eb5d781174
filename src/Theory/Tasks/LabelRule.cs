namespace ProbSig.Theory.Tasks;

/// <summary>How a composite addition sequence (k, a_1..a_P) gets its label (THEORY 5).</summary>
public enum LabelRule
{
    /// <summary>y = k + sum_i v(a_i); a label outside 0..N-1 is a configuration error.</summary>
    Sum,
    /// <summary>y = (k + sum_i v(a_i)) mod N: labels wrap around the number range.</summary>
    SumModulo,
}
