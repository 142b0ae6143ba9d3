export { Alert, type AlertProps, AlertTitle } from './components/alert';
export {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from './components/alert-dialog';
export { Badge, badgeVariants } from './components/badge';
export { Button, type ButtonProps, buttonVariants } from './components/button';
export {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from './components/card';
export {
  Command,
  CommandDialog,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
  CommandLoading,
} from './components/command';
export {
  DataTable,
  type DataTableColumn,
  type DataTablePaging,
  type DataTableSort,
  type LinkLike,
} from './components/data-table';
export { DateTime, formatUtc } from './components/date-time';
export {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from './components/dialog';
export { type FilterChip, FilterChips } from './components/filter-chips';
export {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormFieldScope,
  FormItem,
  FormLabel,
  FormMessage,
  useFieldArray,
  useFormField,
  useZodForm,
} from './components/form';
export { Input, Textarea } from './components/input';
export { Label } from './components/label';
export { PageDescription, PageHeader, PageTitle } from './components/page-header';
export {
  NativeSelect,
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from './components/select';
export {
  Sheet,
  SheetClose,
  SheetContent,
  SheetDescription,
  SheetTitle,
  SheetTrigger,
} from './components/sheet';
export { CopyButton, ShortId, shortenId } from './components/short-id';
export { Skeleton, Spinner } from './components/skeleton';
export {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
} from './components/table';
export { Tabs, TabsContent, TabsList, TabsTrigger } from './components/tabs';
export { Toaster, type ToastInput, useToast } from './components/toast';
export { brandStyle, contrastRatio, HEX_COLOUR } from './lib/brand';
export { cn } from './lib/cn';
