namespace ProbSig.Verification.Figures;

/// <summary>
/// A figure's data, for the report of a claim or of a CLI verb (`train`, `lm train`,
/// `lm compare`): matrices (written as .npy and drawn as heatmaps) and curves (drawn as
/// line or scatter plots). Artifacts carry data only; drawing belongs to the CLI. They
/// live apart from the claims so that a verb can draw without knowing about claims.
/// </summary>
public abstract record Artifact(string Name, string Title);

/// <summary>A labelled square or rectangular matrix (e.g. a cosine matrix over tokens).
/// NaN marks an undefined entry.</summary>
public sealed record MatrixArtifact(string Name, string Title, IReadOnlyList<string> RowLabels, IReadOnlyList<string> ColumnLabels, double[,] Values)
    : Artifact(Name, Title);

/// <summary>Two matrices over the same labels drawn side by side (observed | predicted).</summary>
public sealed record HeatmapPairArtifact(string Name, string Title, MatrixArtifact Observed, MatrixArtifact Predicted)
    : Artifact(Name, Title);

/// <summary>One named line of a plot.</summary>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A plot of one or more series: lines, or points when <paramref name="Scatter"/> is set.</summary>
public sealed record PlotArtifact(string Name, string Title, string XLabel, string YLabel, IReadOnlyList<Series> Lines, bool Scatter = false)
    : Artifact(Name, Title);

/// <summary>An array written for independent checks (as .npy under matrices/) and never drawn:
/// e.g. the full N x N matrices a reference script recomputes a claim's null from.</summary>
public sealed record DataArtifact(string Name, string Title, double[,] Values) : Artifact(Name, Title);
