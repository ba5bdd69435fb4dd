namespace ScaleFL.Core.Training;

/// <summary>Test metrics of one stage of a model.</summary>
/// <param name="Accuracy">Top-1 accuracy in [0, 1].</param>
/// <param name="Loss">Mean cross-entropy per sample.</param>
/// <param name="Samples">Number of samples evaluated.</param>
public sealed record EvaluationResult(double Accuracy, double Loss, int Samples);
