/* end_of_early_data.c - EndOfEarlyData; see end_of_early_data.h. */
#include "msgs/end_of_early_data.h"

pt_err pt_end_of_early_data_decode(pt_slice body)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    return pt_r_done(&r);
}
