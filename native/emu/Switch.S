// x86-64 System V context switch for the emulator's fibers (CUDA threads).
// glibc's swapcontext saves the signal mask with a system call per switch;
// this saves only the callee-saved registers.
//
// void simsiam_emu_switch(void** save_sp, void* next_sp)
//   pushes rbp rbx r12-r15 on the current stack, stores rsp in *save_sp,
//   loads next_sp and pops the same registers from there.
// simsiam_emu_fiber_start: the first return address of a new fiber; calls
//   simsiam_emu_fiber_main(r12) on a 16-byte aligned stack, never returns.
        .text
        .globl  simsiam_emu_switch
        .hidden simsiam_emu_switch
        .type   simsiam_emu_switch, @function
simsiam_emu_switch:
        .cfi_startproc
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .cfi_endproc
        .size   simsiam_emu_switch, .-simsiam_emu_switch

        .globl  simsiam_emu_fiber_start
        .hidden simsiam_emu_fiber_start
        .type   simsiam_emu_fiber_start, @function
simsiam_emu_fiber_start:
        .cfi_startproc
        .cfi_undefined rip
        xorl    %ebp, %ebp
        movq    %r12, %rdi
        andq    $-16, %rsp
        call    simsiam_emu_fiber_main
        ud2
        .cfi_endproc
        .size   simsiam_emu_fiber_start, .-simsiam_emu_fiber_start

        .section .note.GNU-stack,"",@progbits
