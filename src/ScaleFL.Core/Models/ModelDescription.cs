using ScaleFL.Core.Data;

namespace ScaleFL.Core.Models;

/// <summary>What a model is: its catalog name, the images it takes and the classes it predicts.</summary>
public sealed record ModelDescription(string Name, ImageShape Input, int ClassCount);
