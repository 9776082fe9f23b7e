package io.sandwich.backend.cuda;

import io.sandwich.backend.DeviceMatrix;
import jcuda.driver.CUdeviceptr;

/**
 * A whole CSR data matrix uploaded once: row pointers, column indices and values in device memory.
 *
 * @param rowPtr row offsets, rows + 1 of them
 * @param colIdx column of each entry
 * @param values value of each entry
 * @param rows number of rows
 * @param cols width of each row
 * @param nnz number of entries
 * @param maxRowNnz the widest row's number of entries
 */
record CudaMatrix(CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values, int rows, int cols, int nnz,
        int maxRowNnz) implements DeviceMatrix {
}
