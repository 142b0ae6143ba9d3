'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Slot } from 'radix-ui';
import { type ComponentProps, createContext, type ReactNode, useContext, useId } from 'react';
import {
  Controller,
  type ControllerProps,
  type FieldPath,
  type FieldValues,
  FormProvider,
  type UseFormProps,
  type UseFormReturn,
  useForm,
  useFormContext,
  useFormState,
} from 'react-hook-form';
import type { z } from 'zod';
import { cn } from '../lib/cn';
import { Label } from './label';

/**
 * A react-hook-form form whose values are checked by a zod schema (the server's own where it
 * exists), so the browser shows the same rule the API enforces, inline, before a request.
 *
 * @example
 * const form = useZodForm(ZSignIn, { defaultValues: { email: '', password: '' } });
 * <Form form={form} onSubmit={(values) => signIn(values)}>
 *   <FormField control={form.control} name="email" render={({ field }) => (
 *     <FormItem><FormLabel>Email</FormLabel><FormControl><Input {...field} /></FormControl><FormMessage /></FormItem>
 *   )} />
 * </Form>
 */
export function useZodForm<TSchema extends z.ZodType<FieldValues, FieldValues>>(
  schema: TSchema,
  options?: Omit<UseFormProps<z.input<TSchema>, unknown, z.output<TSchema>>, 'resolver'>,
): UseFormReturn<z.input<TSchema>, unknown, z.output<TSchema>> {
  return useForm<z.input<TSchema>, unknown, z.output<TSchema>>({
    mode: 'onTouched',
    ...options,
    resolver: zodResolver(schema),
  });
}

/** The `<form>` element wired to a react-hook-form instance; submits only valid values. */
export function Form<TIn extends FieldValues, TOut extends FieldValues>({
  form,
  onSubmit,
  children,
  className,
  ...props
}: Omit<ComponentProps<'form'>, 'onSubmit'> & {
  form: UseFormReturn<TIn, unknown, TOut>;
  onSubmit: (values: TOut) => unknown;
  children: ReactNode;
}) {
  return (
    <FormProvider {...form}>
      <form
        noValidate
        className={cn('grid gap-4', className)}
        onSubmit={form.handleSubmit(async (values) => {
          await onSubmit(values);
        })}
        {...props}
      >
        {children}
      </form>
    </FormProvider>
  );
}

/**
 * react-hook-form's list hook, from the same copy of the library as `Form`, so an app with
 * repeated rows (a card per rule, say) needs no second copy of it.
 */
export { useFieldArray } from 'react-hook-form';

const FieldContext = createContext<{ name: string } | null>(null);
const ItemContext = createContext<{ id: string } | null>(null);

/** One field of a `Form` (react-hook-form's Controller, with its name handed to the helpers). */
export function FormField<
  TValues extends FieldValues = FieldValues,
  TName extends FieldPath<TValues> = FieldPath<TValues>,
  TOut = TValues,
>(props: ControllerProps<TValues, TName, TOut>) {
  return (
    <FieldContext.Provider value={{ name: props.name }}>
      <Controller {...props} />
    </FieldContext.Provider>
  );
}

/**
 * The same scope as FormField, for an uncontrolled input wired with `form.register(name)`:
 * what the browser holds stays the truth, so text typed before the page hydrated is kept (a
 * controlled field would reset it to its default). Prefer it for sign-in style forms.
 *
 * @example
 * <FormFieldScope name="email"><FormItem><FormLabel>Email</FormLabel>
 *   <FormControl><Input {...form.register('email')} /></FormControl><FormMessage /></FormItem>
 * </FormFieldScope>
 */
export function FormFieldScope({ name, children }: { name: string; children: ReactNode }) {
  return <FieldContext.Provider value={{ name }}>{children}</FieldContext.Provider>;
}

/** The ids and error of the field around: what FormLabel, FormControl and FormMessage use. */
export function useFormField() {
  const field = useContext(FieldContext);
  const item = useContext(ItemContext);
  if (!field || !item) throw new Error('useFormField belongs inside <FormField> and <FormItem>');
  const { getFieldState } = useFormContext();
  const formState = useFormState({ name: field.name });
  const state = getFieldState(field.name, formState);
  return {
    name: field.name,
    id: item.id,
    controlId: `${item.id}-control`,
    descriptionId: `${item.id}-description`,
    messageId: `${item.id}-message`,
    error: state.error,
  };
}

/** Label, control, description and message of one field, stacked. */
export function FormItem({ className, ...props }: ComponentProps<'div'>) {
  const id = useId();
  return (
    <ItemContext.Provider value={{ id }}>
      <div className={cn('grid gap-1.5', className)} {...props} />
    </ItemContext.Provider>
  );
}

export function FormLabel({ className, ...props }: ComponentProps<typeof Label>) {
  const { controlId, error } = useFormField();
  return (
    <Label
      htmlFor={controlId}
      data-error={error ? true : undefined}
      className={cn(className)}
      {...props}
    />
  );
}

/** Hands the field's id, `aria-invalid` and `aria-describedby` to the one input inside. */
export function FormControl(props: ComponentProps<typeof Slot.Root>) {
  const { controlId, descriptionId, messageId, error } = useFormField();
  return (
    <Slot.Root
      id={controlId}
      aria-describedby={error ? `${descriptionId} ${messageId}` : descriptionId}
      aria-invalid={error ? true : undefined}
      {...props}
    />
  );
}

export function FormDescription({ className, ...props }: ComponentProps<'p'>) {
  const { descriptionId } = useFormField();
  return (
    <p id={descriptionId} className={cn('text-sm text-muted-foreground', className)} {...props} />
  );
}

/** The field's error, inline under it (or `children` when there is none). */
export function FormMessage({ className, children, ...props }: ComponentProps<'p'>) {
  const { messageId, error } = useFormField();
  const body = error?.message ?? children;
  if (!body) return null;
  return (
    <p
      id={messageId}
      className={cn('text-sm font-medium text-destructive-text', className)}
      {...props}
    >
      {body}
    </p>
  );
}
