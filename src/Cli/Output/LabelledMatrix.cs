namespace ProbSig.Cli.Output;

/// <summary>
/// A matrix with names for its rows and columns, as written by the CLI. NaN marks an
/// undefined entry (e.g. a token that never occurs): JSON writes it as null and CSV as
/// an empty cell; .npy keeps NaN, since the format has no other way to say it.
/// </summary>
internal sealed record LabelledMatrix(string Name, IReadOnlyList<string> RowNames, IReadOnlyList<string> ColumnNames, double[,] Values)
{
    public int Rows => Values.GetLength(0);
    public int Columns => Values.GetLength(1);
}
