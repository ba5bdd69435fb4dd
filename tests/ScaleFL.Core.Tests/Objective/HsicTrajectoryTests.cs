using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Tests.Objective;

public sealed class HsicTrajectoryTests
{
    [Fact]
    public void Csv_has_a_header_and_one_invariant_line_per_recorded_point()
    {
        var trajectory = new HsicTrajectory();
        trajectory.Record(1, new HsicPlanePoint(0, 0.5, 0.25));
        trajectory.Record(2, new HsicPlanePoint(1, 0.125, 0.75));

        var csv = trajectory.ToCsv();

        Assert.Equal("round,stage,nhsic_x_z,nhsic_y_z\n1,0,0.5,0.25\n2,1,0.125,0.75\n", csv);
    }

    [Fact]
    public void Stage_rows_come_back_ordered_by_round()
    {
        var trajectory = new HsicTrajectory();
        trajectory.Record(3, new HsicPlanePoint(0, 0.3, 0.3));
        trajectory.Record(1, new HsicPlanePoint(1, 0.9, 0.9));
        trajectory.Record(1, new HsicPlanePoint(0, 0.1, 0.1));

        var stageZero = trajectory.ForStage(0);

        Assert.Equal([1, 3], stageZero.Select(row => row.Round));
        Assert.Equal(3, trajectory.Rows.Count);
    }
}
